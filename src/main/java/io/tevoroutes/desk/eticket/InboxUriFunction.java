package io.tevoroutes.desk.eticket;

import org.apache.camel.spi.PropertiesFunction;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import org.apache.camel.quarkus.main.events.BeforeConfigure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

/**
 * {@code {{inbox:some.property}}}: the drop-folder URI in that property with the desk's inbox options added, joined
 * with '?' or '&' as the URI needs (the YAML DSL cannot know, since the URI comes from configuration): move delivered
 * files to .done/ and refused ones to .error/ (never delete; under a name that cannot collide nor be too long, see
 * EticketFiles.moveName), take a file only when it stopped changing (an empty one too, which is then refused with an
 * email instead of waiting silently for ever), smallest first (an item's PDF is not kept waiting behind a large group
 * PDF dropped in the same poll), poll every
 * etickets.inbox.poll-delay, report rolled-back files through the inbox exception handler and a folder that cannot be
 * read (host key refused, server down) in one clear line, and claim each file while it is read (inboxLocks: several
 * desks may read one folder; that claim replaces Camel's .camelLock marker files, which a desk killed mid-file would
 * leave behind for the other desks to skip the file forever).
 */
@ApplicationScoped
@Named("inbox")
public class InboxUriFunction implements PropertiesFunction {

    static final String OPTIONS = "move=${exchangeProperty.eticketFolder}/${exchangeProperty.eticketMoveName}"
            + "&readLock=changed&readLockCheckInterval=500&readLockMinLength=0&exceptionHandler=#inboxExceptionHandler"
            + "&pollStrategy=#inboxPollStrategy&inProgressRepository=#inboxLocks&readLockMarkerFile=false&sortBy=file:length";

    /** Registered before the routes are read, so that the YAML can use it. */
    void register(@Observes BeforeConfigure event) {
        event.getCamelContext().getPropertiesComponent().addPropertiesFunction(this);
    }

    @Override
    public String getName() {
        return "inbox";
    }

    @Override
    public String apply(String remainder) {
        Config config = ConfigProvider.getConfig();
        String uri = config.getOptionalValue(remainder.trim(), String.class).orElseThrow(
                () -> new IllegalArgumentException("the inbox property " + remainder + " is not set"));
        return withInboxOptions(uri, config.getOptionalValue("etickets.inbox.poll-delay", Long.class).orElse(10000L),
                config.getOptionalValue("etickets.inbox.min-age", Long.class).orElse(2000L));
    }

    static String withInboxOptions(String uri, long pollDelay, long minAge) {
        boolean remote = uri.startsWith("sftp:") || uri.startsWith("ftp:") || uri.startsWith("ftps:");
        return uri + (uri.contains("?") ? "&" : "?") + OPTIONS + "&delay=" + pollDelay + "&readLockMinAge=" + minAge
                // a server that cannot be reached or is refused goes to the poll strategy, which says why
                + (remote ? "&throwExceptionOnConnectFailed=true" : "");
    }
}
