package io.jenkins.plugins.openmaru.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.BuildMockServer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryAndImageModeTest {
    static final String NS = "shop-dev";

    final BuildCluster cluster = new BuildCluster();
    final BuildMockServer server = cluster.server;
    final OpenShiftClient client = cluster.client;
    final S2iBuilder builder = cluster.builder;
    final List<String> lines = new CopyOnWriteArrayList<>();
    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        cluster.close();
    }

    static BuildSpec binary() {
        return BuildSpec.builder(NS, "shop", BuildMode.BINARY).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aJarIsUploadedByteForByteUnderItsOwnName() throws Exception {
        byte[] jar = new byte[300_000];
        new Random(1).nextBytes(jar);
        Path file = Files.write(tmp.resolve("shop-1.0.jar"), jar);

        BuildResult result = builder.run(binary(), BinaryInput.file(file), lines::add);

        assertThat(server.subresources().upload(NS, result.buildName())).isEqualTo(jar);
        Build build = client.builds().inNamespace(NS).withName(result.buildName()).get();
        assertThat(build.getSpec().getSource().getType()).isEqualTo("Binary");
        assertThat(build.getSpec().getSource().getBinary().getAsFile()).isEqualTo("shop-1.0.jar");
        assertThat(lines).contains("Receiving source from STDIN as file shop-1.0.jar ...", "Received 300000 bytes");
        assertThat(result.image()).contains("/shop-dev/shop@sha256:");
        assertThat(client.buildConfigs().inNamespace(NS).withName("shop").get().getSpec().getSource().getType()).isEqualTo("Binary");
    }

    @Test
    void aDirectoryIsUploadedAsATarGzArchiveOfItsFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        String deep = "src/main/java/" + "very-long-package-name/".repeat(6) + "App.java";
        Files.createDirectories(dir.resolve(deep).getParent());
        Files.writeString(dir.resolve(deep), "class App {}");
        byte[] blob = new byte[1500];
        new Random(2).nextBytes(blob);
        Files.write(dir.resolve("blob.bin"), blob);

        BuildResult result = builder.run(binary(), BinaryInput.directory(dir), lines::add);

        byte[] upload = server.subresources().upload(NS, result.buildName());
        Map<String, byte[]> files = untar(new GZIPInputStream(new ByteArrayInputStream(upload)));
        assertThat(files).containsOnlyKeys("pom.xml", deep, "blob.bin");
        assertThat(new String(files.get("pom.xml"), StandardCharsets.UTF_8)).isEqualTo("<project/>");
        assertThat(new String(files.get(deep), StandardCharsets.UTF_8)).isEqualTo("class App {}");
        assertThat(files.get("blob.bin")).isEqualTo(blob);
        assertThat(client.builds().inNamespace(NS).withName(result.buildName()).get().getSpec().getSource().getBinary().getAsFile()).isNull();
        assertThat(lines).contains("Receiving source from STDIN as archive ...");
    }

    @Test
    void binaryModeWithoutAnUploadIsRejected() {
        assertThatThrownBy(() -> builder.start(binary(), null, lines::add)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("a file or directory to upload in binary mode");
        assertThatThrownBy(() -> BinaryInput.file(tmp.resolve("absent.jar"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("an existing file");
    }

    @Test
    void imageModeImportsATagAndPinsItByDigest() throws Exception {
        BuildSpec spec = BuildSpec.builder(NS, "shop", BuildMode.IMAGE).image("quay.io/openmaru/shop:1.4.2").build();

        BuildResult result = builder.run(spec, null, lines::add);

        assertThat(result.image()).matches("quay\\.io/openmaru/shop@sha256:[0-9a-f]{64}");
        assertThat(result.buildName()).isEmpty();
        var tag = client.imageStreams().inNamespace(NS).withName("shop").get().getStatus().getTags().get(0);
        assertThat(tag.getTag()).isEqualTo("latest");
        assertThat(tag.getItems().get(0).getImage()).isEqualTo(result.digest());
        assertThat(client.builds().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void imageModeKeepsTheDigestItWasGiven() throws Exception {
        String digest = "sha256:" + "c".repeat(64);
        BuildSpec spec = BuildSpec.builder(NS, "shop", BuildMode.IMAGE).image("quay.io/openmaru/shop@" + digest).outputTag("v2").build();

        BuildResult result = builder.run(spec, null, lines::add);

        assertThat(result.image()).isEqualTo("quay.io/openmaru/shop@" + digest);
        assertThat(client.imageStreams().inNamespace(NS).withName("shop").get().getStatus().getTags().get(0).getTag()).isEqualTo("v2");
    }

    @Test
    void imageModeReportsAnImageTheRegistryDoesNotHave() {
        BuildSpec spec = BuildSpec.builder(NS, "shop", BuildMode.IMAGE).image("quay.io/openmaru/missing:9").build();
        assertThatThrownBy(() -> builder.run(spec, null, lines::add)).isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("NotFound: manifest unknown: quay.io/openmaru/missing:9");
    }

    /** Reads a ustar stream, honouring the prefix field, into name → content (directories left out). */
    static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[512];
        while (true) {
            data.readFully(header);
            if (header[0] == 0) {
                return files;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            assertThat(field(header, 257, 6)).isEqualTo("ustar");
            byte[] content = new byte[(int) size];
            data.readFully(content);
            data.readFully(new byte[(int) ((512 - size % 512) % 512)]);
            if (header[156] == '0') {
                files.put(prefix.isEmpty() ? name : prefix + "/" + name, content);
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
