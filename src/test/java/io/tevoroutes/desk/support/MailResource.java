package io.tevoroutes.desk.support;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free port for the desk's emails. */
public class MailResource implements QuarkusTestResourceLifecycleManager {

    static GreenMail greenMail;

    public static GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public Map<String, String> start() {
        greenMail = new GreenMail(new ServerSetup(0, "localhost", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return Map.of("notify.mail.uri", "smtp://localhost:" + greenMail.getSmtp().getPort());
    }

    /** The SMTP server goes away (connections are refused) ... */
    public static void smtpDown() {
        port = greenMail.getSmtp().getPort();
        greenMail.stop();
    }

    /** ... and comes back on the same port, empty. */
    public static void smtpUp() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) { // the port may take a moment to be free again
            try {
                greenMail = new GreenMail(new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP));
                greenMail.start();
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    private static int port;

    private static java.net.ServerSocket silent;
    private static final java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The SMTP server hangs: connections are taken but never answered (not even the greeting), the way a stuck server
     * or a black-holing firewall behaves. Ends with {@link #smtpReleased()}.
     */
    public static void smtpHangs() {
        smtpDown();
        try {
            silent = new java.net.ServerSocket();
            silent.setReuseAddress(true);
            silent.bind(new java.net.InetSocketAddress("localhost", port));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections the hanging server holds open. */
    public static int hangingConnections() {
        return (int) held.stream().filter(s -> !s.isClosed()).count();
    }

    /** The hanging server drops every connection and goes away; {@link #smtpUp()} brings the real one back. */
    public static void smtpReleased() {
        try {
            for (java.net.Socket s : held) {
                s.setSoLinger(true, 0); // reset, not closed: no TIME_WAIT left on the port GreenMail binds again
                s.close();
            }
            held.clear();
            silent.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The desk's login at the TLS mail servers of {@link Smtps}: must never be logged. */
    public static final String SMTP_USER = "desk-mailer";
    public static final String SMTP_PASSWORD = "smtp-pass-Jw3x";

    /** GreenMail over SMTPS (TLS from the first byte, GreenMail's test certificate), with a login. */
    public static class Smtps extends MailResource {
        @Override
        public Map<String, String> start() {
            greenMail = new GreenMail(new ServerSetup(0, "localhost", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
            greenMail.setUser(SMTP_USER, SMTP_USER, SMTP_PASSWORD);
            greenMail.start();
            // GreenMail's test certificate is self-signed and names no host: trusted here, its name not checked
            return Map.of("notify.mail.uri", "smtps://localhost:" + greenMail.getSmtps().getPort()
                    + "?mail.smtps.ssl.trust=localhost&mail.smtps.ssl.checkserveridentity=false",
                    "notify.mail.username", SMTP_USER, "notify.mail.password", SMTP_PASSWORD);
        }
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
