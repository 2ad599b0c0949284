package io.tevoroutes.desk.decision;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One reason, with the detail a person needs ("short by 2: 1 left, 3 sold"). */
@RegisterForReflection
public record Problem(Reason reason, String detail) {

    @Override
    public String toString() {
        return reason.label() + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }
}
