package io.jenkins.plugins.openmaru.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a directory as a gzip-compressed POSIX ustar archive (regular files and directories;
 * symbolic links are skipped so nothing outside the directory is sent).
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    static void write(Path directory, OutputStream target) throws IOException {
        GZIPOutputStream out = new GZIPOutputStream(target);
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(directory)) {
            entries = walk.filter(p -> !p.equals(directory)).sorted().toList();
        }
        for (Path path : entries) {
            String name = directory.relativize(path).toString().replace('\\', '/');
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                out.write(header(name + "/", 0, '5', 0755));
            } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                long size = Files.size(path);
                out.write(header(name, size, '0', Files.isExecutable(path) ? 0755 : 0644));
                Files.copy(path, out);
                out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
            }
        }
        out.write(new byte[2 * BLOCK]);
        out.finish();
    }

    private static byte[] header(String name, long size, char type, int mode) {
        byte[] h = new byte[BLOCK];
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        if (bytes.length > 100) {
            int split = name.lastIndexOf('/', name.length() - 2);
            while (split > 0 && (name.substring(0, split).getBytes(StandardCharsets.UTF_8).length > 155
                    || name.substring(split + 1).getBytes(StandardCharsets.UTF_8).length > 100)) {
                split = name.lastIndexOf('/', split - 1);
            }
            if (split <= 0) {
                throw new io.jenkins.plugins.openmaru.model.ValidationException("binary", name, "paths of at most 255 bytes");
            }
            prefix = name.substring(0, split);
            bytes = name.substring(split + 1).getBytes(StandardCharsets.UTF_8);
        }
        System.arraycopy(bytes, 0, h, 0, bytes.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, h, 345, p.length);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    /** Writes {@code value} as zero-padded octal digits followed by NUL into {@code length} bytes. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new io.jenkins.plugins.openmaru.model.ValidationException("binary", value, "files under 8 GiB");
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }
}
