package io.patchrun.web;

/** Image names in URLs: {@code demo/web} travels as {@code demo%2Fweb} or {@code demo--web}. */
final class ImageNames {

    private ImageNames() {
    }

    static String fromPath(String segment) {
        return segment.replace("--", "/");
    }

    static String toPath(String name) {
        return name.replace("/", "--");
    }
}
