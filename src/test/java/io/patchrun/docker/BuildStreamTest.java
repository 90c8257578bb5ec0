package io.patchrun.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.BuildResponseItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BuildStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onNext_joinsPartialChunksIntoLines_inOrder() throws JsonProcessingException {
        BuildStream stream = new BuildStream();

        feed(stream, "{\"stream\":\"Step 1/2 : FROM base\\n\"}", "{\"stream\":\" ---> abc\\n\"}",
                "{\"stream\":\"Step 2/2 : RUN make\\n\"}", "{\"stream\":\"comp\"}", "{\"stream\":\"iling\\ndone\"}",
                "{\"stream\":\"\\n\\n\"}", "{\"stream\":\"Successfully built 0123abcd\\n\"}");
        stream.onComplete();

        assertThat(stream.log()).containsExactly("Step 1/2 : FROM base", " ---> abc", "Step 2/2 : RUN make", "compiling", "done",
                "Successfully built 0123abcd");
        assertThat(stream.imageId()).isEqualTo("0123abcd");
        assertThat(stream.error()).isNull();
    }

    @Test
    void onNext_keepsPullStatusLines_butNotProgressBars() throws JsonProcessingException {
        BuildStream stream = new BuildStream();

        feed(stream, "{\"status\":\"Pulling from x/base\",\"id\":\"stable\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"1f2e\"}",
                "{\"status\":\"Digest: sha256:abc\"}");

        assertThat(stream.log()).containsExactly("stable: Pulling from x/base", "Digest: sha256:abc");
    }

    @Test
    void failure_namesTheStepReached_andTheEngineError() throws JsonProcessingException {
        BuildStream stream = new BuildStream();

        feed(stream, "{\"stream\":\"Step 3/5 : RUN apk add foo\\n\"}", "{\"stream\":\"/bin/sh: apk: not found\\n\"}",
                "{\"errorDetail\":{\"code\":127,\"message\":\"The command '/bin/sh -c apk add foo' returned a non-zero code: 127\"},"
                        + "\"error\":\"The command '/bin/sh -c apk add foo' returned a non-zero code: 127\"}");

        assertThat(stream.failure("demo/web", BuildStream.reason(stream.error()), null))
                .hasMessage("build of demo/web failed at step 3/5: RUN apk add foo: exit code 127");
        assertThat(stream.log()).last().asString().contains("returned a non-zero code: 127");
    }

    @Test
    void reason_keepsTheEngineWords_whenNotAFailedCommand() {
        assertThat(BuildStream.reason("manifest for 127.0.0.1:5000/x/base:gone not found: manifest unknown\n"))
                .isEqualTo("manifest for 127.0.0.1:5000/x/base:gone not found: manifest unknown");
    }

    private static void feed(BuildStream stream, String... items) throws JsonProcessingException {
        for (String item : items) {
            stream.onNext(JSON.readValue(item, BuildResponseItem.class));
        }
    }
}
