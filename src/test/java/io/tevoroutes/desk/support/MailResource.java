package io.tevoroutes.desk.support;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free port for the desk's emails. */
public class MailResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail greenMail;

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
        greenMail = new GreenMail(new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    private static int port;

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
