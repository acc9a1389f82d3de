package org.tellonce.core.partner;

/** A partner a resident may pick on the consent form: its id and the name residents read. */
public record PartnerChoice(String id, String name) {
}
