package io.tevoroutes.desk.support;

/** The rows of the reliability report: the fault matrix, the bad-input corpus, and security. In report order. */
public enum FaultArea {

    TEVO_BUSY(Section.FAULTS, "TEvo answers 503/429 (with and without Retry-After) on 30 % of calls",
            "every fillable order accepted exactly once, every PDF delivered once"),
    APPLIED_BUT_FAILED(Section.FAULTS, "accept or deliver applied by TEvo but answered 500 / connection reset / timeout",
            "no second accept or delivery; the desk notices the real state"),
    TEVO_UNREACHABLE(Section.FAULTS, "TEvo unreachable for minutes",
            "nothing accepted twice when it comes back; one \"TEvo unreachable\" email, not one per poll; health shows DOWN"),
    KILLED(Section.FAULTS, "the desk killed (kill -9) between decision and accept, during a delivery, between delivery and file move",
            "after restart: no duplicate accept, delivery or email; no file lost"),
    SEVERAL_DESKS(Section.FAULTS, "two desks on one PostgreSQL, the working one killed (kill -9) mid-run",
            "the work is split; no accept, delivery or email twice; the survivor takes over the dead desk's work"),
    SMTP_DOWN(Section.FAULTS, "SMTP server down",
            "emails are kept (outbox in the state store) and sent when it is back; nothing else blocks"),
    SFTP_DOWN(Section.FAULTS, "SFTP server down or refusing the host key", "retried with backoff; clear log; one email if it lasts"),
    DATABASE_DOWN(Section.FAULTS, "database down", "nothing accepted; evaluated again when back"),
    INVENTORY_BROKEN(Section.FAULTS, "inventory CSV replaced by a broken file mid-run", "last good inventory kept; one email"),
    TAKEN_MEANWHILE(Section.FAULTS, "order canceled or accepted by someone else while the desk works on it",
            "the desk stops quietly, no error email"),
    OTHER_FAULTS(Section.FAULTS, "other faults", "nothing sold twice, nothing lost, a person told where one must act"),

    API_INPUT(Section.INPUT, "from the TEvo API: malformed JSON, odd-typed or missing fields, unknown states and types, "
            + "no items, huge pages", "a clear error, an email where a person must act, nothing lost, the desk keeps running"),
    INVENTORY_INPUT(Section.INPUT, "inventory rows: bad numbers, duplicate TicketIDs, wrong encodings",
            "bad rows skipped and reported, good rows used, the desk keeps running"),
    PDF_INPUT(Section.INPUT, "PDFs: not PDFs, encrypted, truncated, zero pages, 1 GB; file names with '..', spaces, unicode, "
            + "no extension", "nothing sent to TEvo, the file moved aside (never deleted), an email saying why"),
    HTTP_INPUT(Section.INPUT, "HTTP requests: path parameters, backslashes, hostile Host headers, 900 kB and unframed sign-ins, "
            + "forged X-Forwarded-For", "answered at once with a clear status, never left hanging, never redirected off the desk, nothing kept"),
    WEBHOOK_INPUT(Section.INPUT, "webhook posts: wrong secret, missing fields, oversize bodies, non-form content types",
            "refused with a clear status, nothing evaluated on the poster's word, the desk keeps running"),

    SECURITY(Section.SECURITY, "secrets, webhook secret, transport security",
            "secrets never in logs or emails; constant-time secret check, 401 with a rate-limited log line; TLS where configured"),
    CONSOLE(Section.SECURITY, "the console's sign-in, sessions and pages attacked from the network",
            "guessing slow and bounded, nobody locked out, sessions that end everywhere, nothing cached or leaked, the desk exits when out of memory"),
    STARTUP(Section.SECURITY, "start-up configuration and shutdown",
            "a wrong or missing setting stops the start with one clear line; in-flight work finishes or is left for the next start");

    public enum Section {
        FAULTS("Fault matrix"), INPUT("Bad-input corpus"), SECURITY("Security and start-up");

        public final String title;

        Section(String title) {
            this.title = title;
        }
    }

    public final Section section;
    public final String title;
    public final String mustHold;

    FaultArea(Section section, String title, String mustHold) {
        this.section = section;
        this.title = title;
        this.mustHold = mustHold;
    }
}
