package org.tellonce.core.story;

/**
 * The shape of a UK postcode, in one place: the intake cuts a full postcode to its district, and
 * the redactor masks full postcodes in anonymous stories. Both must agree on what a postcode is.
 */
public final class Postcodes {
    /** The outward code, i.e. the district: "LE1", "SW1A", "M60". */
    public static final String DISTRICT = "[A-Z]{1,2}[0-9][A-Z0-9]?";
    /** The inward code: "1AA". */
    public static final String INWARD = "[0-9][A-Z]{2}";

    private Postcodes() {
    }
}
