package io.tevoroutes.desk.decision;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One reason an order is not accepted by itself, with the detail a person needs ("short by 2: 1 left, 3 sold").
 * {@code code}: what the audit and the email key record (a broken rule's name in upper case, or one of the checks the
 * desk always makes, {@link Reason}); {@code policy}: hold, reject or ignore; {@code rejectReason}: TEvo's reason when
 * rejected.
 */
@RegisterForReflection
public record Problem(String code, String label, String detail, String advice, String policy, String rejectReason) {

    /** One of the checks the desk always makes: held for a person. */
    public static Problem of(Reason reason, String detail) {
        return new Problem(reason.name(), reason.label(), detail, reason.advice(), "hold", reason.rejectReason());
    }

    @Override
    public String toString() {
        return label + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }
}
