package org.tellonce.core.partner;

/**
 * Who is calling, for every partner door (the API's authorizer, the API behind it, the inbox's
 * session, the inbox's sign-in), as {@link PartnerAuthentication} decides it.
 */
public sealed interface PartnerAccess {

    /** An enabled partner, checked against the partner as it is now. */
    record SignedIn(Partner partner) implements PartnerAccess {
    }

    /**
     * Nobody we know. @param refused credentials came but open nothing: an unknown or rotated key, a
     * forged or expired session, a partner that is gone (false: none came)
     */
    record SignedOut(boolean refused) implements PartnerAccess {
    }

    /** A partner that is disabled: its credentials are right, but open nothing while it is. */
    record Disabled(Partner partner) implements PartnerAccess {
    }
}
