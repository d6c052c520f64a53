package io.jenkins.plugins.openmaru.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    @Test
    void linesSplitAcrossChunksAndCharactersSplitAcrossChunksComeOutWhole() {
        List<String> lines = new ArrayList<>();
        byte[] log = "빌드 시작\r\nPerforming maven build ...\nPush successful".getBytes(StandardCharsets.UTF_8);
        try (LineSplitter out = new LineSplitter(lines::add)) {
            // 1-byte chunks split every multi-byte character of the Korean line
            for (int i = 0; i < 10; i++) {
                out.write(log, i, 1);
            }
            out.write(log, 10, log.length - 10);
            assertThat(lines).containsExactly("빌드 시작", "Performing maven build ...");
        }
        assertThat(lines).containsExactly("빌드 시작", "Performing maven build ...", "Push successful");
    }
}
