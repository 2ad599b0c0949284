package io.tevoroutes.desk;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tevoroutes.desk.support.TestOrders.item;
import static io.tevoroutes.desk.support.TestOrders.order;
import static io.tevoroutes.desk.support.TestOrders.withState;
import static io.tevoroutes.desk.support.TevoStubs.json;
import static io.tevoroutes.desk.support.TevoStubs.show;
import static io.tevoroutes.desk.support.TevoStubs.signed;
import static io.tevoroutes.desk.support.TevoStubs.tevo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.tevoroutes.desk.support.Inboxes;
import io.tevoroutes.desk.support.InventoryResource;
import io.tevoroutes.desk.support.MailResource;
import io.tevoroutes.desk.support.Pdfs;
import io.tevoroutes.desk.support.SftpServerResource;
import io.tevoroutes.desk.support.TevoApiResource;

/**
 * The packaged desk (jar, or native binary with -Dnative) reads its inbox from a real SFTP server (Apache MINA SSHD)
 * with strict host-key checking: the SSH client, key files and the remote file consumer in the packaged form.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(TevoApiResource.class)
@QuarkusTestResource(MailResource.class)
@QuarkusTestResource(InventoryResource.class)
@QuarkusTestResource(value = SftpServerResource.class, restrictToAnnotatedClass = true)
class PackagedSftpIT {

    @Test
    void thePackagedDeskDeliversAPdfUploadedOverSftp() throws IOException {
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/deliver_etickets"))).willReturn(json(200, "{}")));
        tevo().stubFor(signed(post(urlPathMatching("/v9/orders/\\d+/complete"))).willReturn(json(200, "{}")));
        show(9621, withState(order(9621, item(962, "ACC-1", 2, "100.00", true)), "accepted"));

        Path upload = Pdfs.seats(SftpServerResource.DIR.resolve("packaged-upload.pdf"), 1, 2);
        Files.move(upload, SftpServerResource.ROOT.resolve("drop/9621-962.pdf"), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(40)).until(() -> EticketDeliveryTest.deliveries(9621).size() == 1
                && Inboxes.landed(SftpServerResource.ROOT.resolve("drop"), ".done", "9621-962.pdf") == 1);
        assertThat(SftpServerResource.ROOT.resolve("drop/9621-962.pdf")).doesNotExist();
    }
}
