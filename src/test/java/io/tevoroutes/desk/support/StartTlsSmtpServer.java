package io.tevoroutes.desk.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server that speaks STARTTLS (GreenMail's does not): EHLO, STARTTLS (with GreenMail's test certificate),
 * AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, QUIT. It records, per session, the order of events (TLS, AUTH, MAIL), the
 * credentials given and the messages, so a test can check that nothing was sent before the connection was encrypted.
 * With {@code offerStartTls=false} it plays an old server that cannot encrypt.
 */
public final class StartTlsSmtpServer implements AutoCloseable {

    public record Session(List<String> events, String user, String password, List<String> messages) {
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final boolean offerStartTls;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    public StartTlsSmtpServer(boolean offerStartTls) {
        this(offerStartTls, 0);
    }

    /** On a given port (0: any free one). */
    public StartTlsSmtpServer(boolean offerStartTls, int port) {
        this.offerStartTls = offerStartTls;
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("greenmail.p12")) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("localhost", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::accept, "starttls-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Session> sessions() {
        return sessions;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "starttls-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        List<String> events = new ArrayList<>();
        String[] login = new String[2];
        List<String> messages = new ArrayList<>();
        try (Socket ignored = plain) {
            Socket socket = plain;
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            boolean secure = false;
            String from = null;
            write(out, "220 localhost ESMTP test");
            for (String line; (line = in.readLine()) != null;) {
                String cmd = line.toUpperCase(java.util.Locale.ROOT);
                if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
                    write(out, "250-localhost" + (!secure && offerStartTls ? "\r\n250-STARTTLS" : "") + "\r\n250 AUTH PLAIN LOGIN");
                } else if (cmd.equals("STARTTLS") && offerStartTls && !secure) {
                    write(out, "220 2.0.0 Ready to start TLS");
                    SSLSocket encrypted = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
                    encrypted.setUseClientMode(false);
                    encrypted.startHandshake();
                    socket = encrypted;
                    in = reader(socket);
                    out = socket.getOutputStream();
                    secure = true;
                    events.add("TLS");
                } else if (cmd.startsWith("AUTH PLAIN")) {
                    String b64 = line.length() > 11 ? line.substring(11).trim() : null;
                    if (b64 == null || b64.isEmpty()) {
                        write(out, "334 ");
                        b64 = in.readLine();
                    }
                    String[] parts = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8).split("\u0000");
                    login[0] = parts.length > 1 ? parts[1] : null;
                    login[1] = parts.length > 2 ? parts[2] : null;
                    events.add("AUTH");
                    write(out, "235 2.7.0 Authentication successful");
                } else if (cmd.startsWith("AUTH LOGIN")) {
                    write(out, "334 VXNlcm5hbWU6");
                    login[0] = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
                    write(out, "334 UGFzc3dvcmQ6");
                    login[1] = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
                    events.add("AUTH");
                    write(out, "235 2.7.0 Authentication successful");
                } else if (cmd.startsWith("MAIL FROM")) {
                    from = line;
                    events.add("MAIL");
                    write(out, "250 OK");
                } else if (cmd.startsWith("RCPT TO")) {
                    write(out, "250 OK");
                } else if (cmd.equals("DATA")) {
                    write(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder message = new StringBuilder();
                    for (String data; (data = in.readLine()) != null && !data.equals(".");) {
                        message.append(data).append('\n');
                    }
                    messages.add(message.toString());
                    write(out, "250 OK queued");
                } else if (cmd.equals("QUIT")) {
                    write(out, "221 Bye");
                    break;
                } else if (cmd.equals("RSET") || cmd.equals("NOOP")) {
                    write(out, "250 OK");
                } else {
                    write(out, "502 Command not implemented");
                }
            }
            if (from == null && messages.isEmpty() && events.isEmpty()) {
                events.add("NOTHING");
            }
        } catch (IOException e) {
            events.add("ERROR " + e.getMessage());
        } finally {
            sessions.add(new Session(events, login[0], login[1], messages));
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
