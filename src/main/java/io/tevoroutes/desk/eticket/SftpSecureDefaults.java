package io.tevoroutes.desk.eticket;

import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.quarkus.core.events.EndpointAddEvent;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every SFTP endpoint checks the server's host key (Camel's own default is not to): an unknown or changed host key is
 * refused. A URI that says strictHostKeyChecking=no explicitly keeps it, with a warning.
 */
@ApplicationScoped
public class SftpSecureDefaults {

    private static final Logger LOG = Logger.getLogger("io.tevoroutes.etickets");

    /** Runs when an endpoint is created, before any connection is made. */
    void onEndpoint(@Observes EndpointAddEvent event) {
        if (event.getEndpoint() instanceof SftpEndpoint sftp) {
            if (sftp.getEndpointUri().contains("strictHostKeyChecking=")) {
                if ("no".equalsIgnoreCase(sftp.getConfiguration().getStrictHostKeyChecking())) {
                    LOG.warnf("SFTP host-key checking is switched off for %s: any server can pose as it",
                            sftp.getConfiguration().getHost());
                }
            } else {
                sftp.getConfiguration().setStrictHostKeyChecking("yes");
            }
        }
    }
}
