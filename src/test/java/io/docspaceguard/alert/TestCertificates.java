package io.docspaceguard.alert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A collector's self-signed certificate, made by the JDK's keytool for each test run (no key material in the
 * repository, nothing that expires in it): a PKCS#12 key store for the collector, and the certificate as a PEM
 * file, which serves as the "private CA" a client trusts.
 */
public record TestCertificates(Path keyStore, Path pem) {
    public static final char[] PASSWORD = "changeit".toCharArray();

    /** @param san the subjectAltName, e.g. {@code dns:localhost,ip:127.0.0.1} */
    public static TestCertificates create(Path dir, String name, String san) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "san=" + san, "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString());
        return new TestCertificates(keyStore, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
