package io.tevoroutes.desk.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that injects a fault or feeds bad input: under which row of the reliability matrix, what it did and what it
 * checks. The test run writes every such test and its outcome into docs/reliability.md ({@link ReliabilityReport}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Reliability {

    /** The row of the matrix (or the kind of bad input) the test covers. */
    FaultArea area();

    /** The fault injected or the bad input fed, as this test does it. */
    String value();

    /** What the test checks holds. */
    String holds();
}
