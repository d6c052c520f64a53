package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.model.DrillResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a drill's three reports into a directory: {@code rollback-drill-<namespace>-<app>.json},
 * {@code .xml} (JUnit) and {@code .html}. One name per app, so drills of many apps share a directory.
 */
public final class DrillReports {
    private DrillReports() {}

    public static String baseName(DrillResult r) {
        return "rollback-drill-" + r.app().namespace() + "-" + r.app().app();
    }

    /** @return the files written: JSON, JUnit XML, HTML */
    public static List<Path> write(DrillResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = baseName(r);
        Path json = Files.writeString(dir.resolve(base + ".json"), DrillJsonReport.render(r), StandardCharsets.UTF_8);
        Path xml = Files.writeString(dir.resolve(base + ".xml"), DrillJUnitReport.render(r), StandardCharsets.UTF_8);
        Path html = Files.writeString(dir.resolve(base + ".html"), DrillHtmlReport.render(r), StandardCharsets.UTF_8);
        return List.of(json, xml, html);
    }
}
