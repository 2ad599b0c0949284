package io.tevoroutes.desk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SFTP server (Apache MINA SSHD) on a free port with its own host key, serving target/sftp/root. Writes a
 * known_hosts file with its key, and one with another key (a server posing as it). The desk's default inbox becomes
 * sftp://tester@localhost:PORT/drop.
 */
public class SftpServerResource implements QuarkusTestResourceLifecycleManager {

    public static final Path DIR = Path.of("target/sftp").toAbsolutePath();
    public static final Path ROOT = DIR.resolve("root");
    public static final String PASSWORD = "sftp-pass-8Jq2";
    private static SshServer server;

    public static int port() {
        return server.getPort();
    }

    @Override
    public Map<String, String> start() {
        try {
            // a fresh folder: files an earlier run moved to drop/.done would answer this run's "landed" checks early
            Inboxes.wipe(ROOT);
            Files.createDirectories(ROOT.resolve("drop"));
            Files.createDirectories(ROOT.resolve("drop2"));
            server = newServer(0);
            server.start();
            KeyPair hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next();
            String keyType = KeyUtils.getKeyType(hostKey);
            Files.writeString(DIR.resolve("known_hosts"), "[localhost]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
            KeyPair impostor = KeyUtils.generateKeyPair(keyType, KeyUtils.getKeySize(hostKey.getPublic()));
            Files.writeString(DIR.resolve("wrong_known_hosts"), "[localhost]:" + port() + " " + PublicKeyEntry.toString(impostor.getPublic()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("etickets.inbox.uri", uri("known_hosts") + "&localWorkDirectory=" + DIR.resolve("work"),
                "etickets.inbox.poll-delay", "200",
                // a second folder on the same server, for a second inbox (README recipe 3)
                "test.sftp.second-uri", uri("known_hosts").replace("/drop?", "/drop2?") + "&localWorkDirectory=" + DIR.resolve("work2"));
    }

    /** The drop folder as an SFTP URI, checking the host key against the given file in target/sftp. */
    public static String uri(String knownHosts) {
        return "sftp://tester@localhost:" + port() + "/drop?password=RAW(" + PASSWORD + ")&binary=true&knownHostsFile="
                + DIR.resolve(knownHosts) + "&useUserKnownHostsFile=false";
    }

    private static SshServer newServer(int port) {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("localhost");
        sshd.setPort(port);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(DIR.resolve("hostkey.ser")));
        sshd.setPasswordAuthenticator((user, password, session) -> "tester".equals(user) && PASSWORD.equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(ROOT));
        return sshd;
    }

    /** The server goes away: connections are refused. */
    public static void down() {
        try {
            lastPort = port();
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ... and comes back on the same port with the same host key. */
    public static void up() {
        try {
            server = newServer(lastPort); // a stopped SshServer cannot start again: a new one, same port and host key
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lastPort;

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
