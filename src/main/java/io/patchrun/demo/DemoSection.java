package io.patchrun.demo;

import org.springframework.stereotype.Component;

import io.patchrun.web.OverviewSection;

/** The demo's section of the overview: {@code templates/demo.html} drawing {@link Demo#status()}. */
@Component
@ConditionalOnDemo
class DemoSection implements OverviewSection {

    private final Demo demo;

    DemoSection(Demo demo) {
        this.demo = demo;
    }

    @Override
    public String template() {
        return "demo";
    }

    @Override
    public DemoStatus model() {
        return demo.status();
    }
}
