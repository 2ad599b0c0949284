package io.tevoroutes.desk.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Every {@code tevo.*} property, typed. Defaults and documentation live in the top-level application.properties; a
 * misspelt {@code tevo.*} key fails the start with the name of the key.
 */
@ConfigMapping(prefix = "tevo")
public interface DeskConfig {

    Api api();

    /** The user id that accepts and rejects orders (TEvo shows it as the reviewer). */
    @WithName("reviewer-id")
    Optional<Long> reviewerId();

    /** Decide and email, but never write to TEvo. */
    @WithName("dry-run")
    boolean dryRun();

    Poll poll();

    Evaluate evaluate();

    Webhook webhook();

    Rules rules();

    Policy policy();

    interface Api {
        @WithName("base-url")
        String baseUrl();

        Optional<String> token();

        Optional<String> secret();

        /** A file holding the token (read into tevo.api.token, see SecretFiles). */
        @WithName("token-file")
        Optional<String> tokenFile();

        /** A file holding the secret (read into tevo.api.secret). */
        @WithName("secret-file")
        Optional<String> secretFile();

        /** Milliseconds to wait for a connection. */
        @WithName("connect-timeout")
        int connectTimeout();

        /** Milliseconds to wait for an answer. */
        @WithName("response-timeout")
        int responseTimeout();

        Retry retry();

        /** Calls in flight, found by the desk (TevoConcurrency): where it starts, and its bound. */
        Concurrency concurrency();

        interface Concurrency {
            /** Calls in flight at the start, before TEvo's answers move the limit. */
            @io.smallrye.config.WithDefault("8")
            int initial();

            /** Never more calls in flight than this. */
            @io.smallrye.config.WithDefault("32")
            int max();
        }

        /** How long TEvo may not answer before readiness is DOWN and a person is emailed (once per outage). */
        @WithName("unreachable-alert-after")
        @io.smallrye.config.WithDefault("2m")
        String unreachableAlertAfterText();

        default Duration unreachableAlertAfter() {
            return Durations.parse("tevo.api.unreachable-alert-after", unreachableAlertAfterText());
        }

        interface Retry {
            @WithName("max-attempts")
            int maxAttempts();

            // durations as text, parsed by Durations: a bad one is named by StartupCheck with every other bad setting
            @WithName("initial-delay")
            String initialDelayText();

            default Duration initialDelay() {
                return Durations.parse("tevo.api.retry.initial-delay", initialDelayText());
            }

            @WithName("max-delay")
            String maxDelayText();

            default Duration maxDelay() {
                return Durations.parse("tevo.api.retry.max-delay", maxDelayText());
            }
        }
    }

    interface Poll {
        boolean enabled();

        String period();

        @WithName("initial-delay")
        String initialDelay();

        @WithName("per-page")
        int perPage();

        /** Safety stop: never read more pages than this in one poll. */
        @WithName("max-pages")
        int maxPages();

        /** Office: leave out orders from the broker's own website (TEvo's recipe). */
        @WithName("direct-buyer-type")
        Optional<String> directBuyerType();
    }

    interface Evaluate {
        /** How many orders are evaluated at once. */
        int concurrency();
    }

    interface Webhook {
        /** Shared secret the webhook caller must send; no secret configured: every call is refused. */
        Optional<String> secret();

        /** A file holding the webhook secret (read into tevo.webhook.secret). */
        @WithName("secret-file")
        Optional<String> secretFile();

        @WithName("event-types")
        List<String> eventTypes();

        /** Order groups re-read at once for webhooks. */
        @io.smallrye.config.WithDefault("8")
        int concurrency();
    }

    /** TEvo's own rules: what goes to a person before the inventory is even asked. */
    interface Rules {
        /** hold (default) or evaluate. */
        String speculative();

        /** Client-buyer orders whose fraud check is not approved: hold (default) or evaluate. */
        @WithName("client-fraud-check")
        String clientFraudCheck();

        /** Order fields a rule may name beyond those of TEvo's sample order (dotted paths, comma-separated); see RuleCheck. */
        @WithName("more-fields")
        Optional<String> moreFields();
    }

    /** What to do per reason an order cannot be filled: hold (ask a person, default) or reject. */
    interface Policy {
        @WithName("unknown-ticket")
        String unknownTicket();

        @WithName("short")
        String shortQuantity();

        @WithName("price-below-floor")
        String priceBelowFloor();

        @WithName("no-etickets")
        String noEtickets();
    }
}
