package org.tellonce.core.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may go (SPEC section 14, SECURITY.md): an {@code https} URL whose host resolves only to
 * public addresses, checked when a partner registers it and again before every delivery, so a URL cannot
 * reach into the VPC, the instance metadata service or the machine itself. Locally ({@code allowLoopback})
 * {@code http://127.0.0.1} and {@code http://localhost} are allowed too, and nothing else private.
 */
public final class WebhookAddress {
    public static final int MAX_LENGTH = 2000;

    /** How a host name becomes addresses (the JDK's resolver in production; a table in tests). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        static Resolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }

    /** Why a URL is refused, in words an admin can act on (never the URL's query or credentials). */
    public static final class RefusedException extends Exception {
        private final boolean lookupFailed;

        public RefusedException(String message) {
            this(message, false);
        }

        RefusedException(String message, boolean lookupFailed) {
            super(message);
            this.lookupFailed = lookupFailed;
        }

        /** The host did not resolve (perhaps for a while): a delivery tries again later, a registration is refused. */
        public boolean lookupFailed() {
            return lookupFailed;
        }
    }

    private final boolean allowLoopback;
    private final Resolver resolver;

    public WebhookAddress(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** The URL, parsed and checked, with its host resolved now. */
    public URI check(String url) throws RefusedException {
        URI uri = parse(url);
        String host = host(uri);
        boolean loopbackName = host.equals("localhost") || host.endsWith(".localhost");
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedException("the host does not resolve", true);
        }
        if (addresses.isEmpty()) {
            throw new RefusedException("the host does not resolve", true);
        }
        boolean allLoopback = addresses.stream().allMatch(InetAddress::isLoopbackAddress);
        if (allowLoopback && allLoopback && (loopbackName || literal(host))) {
            return uri;
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new RefusedException("the host is a private, loopback or link-local address");
            }
        }
        if (!"https".equals(uri.getScheme())) {
            throw new RefusedException(allowLoopback
                    ? "only https URLs, or http://127.0.0.1 and http://localhost on the local stack"
                    : "only https URLs are allowed");
        }
        return uri;
    }

    private static URI parse(String url) throws RefusedException {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw new RefusedException("--url must be an https URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedException("the URL cannot be read");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new RefusedException("only https URLs are allowed");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("the URL must not hold a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedException("the URL must not have a #fragment");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new RefusedException("the URL has no host");
        }
        return uri;
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static boolean literal(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /**
     * Routable on the public internet: not loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
     * link-local (169.254/16 and the metadata service, fe80::/10), carrier-grade NAT (100.64/10),
     * "this network" (0/8), multicast, reserved (240/4), documentation or benchmarking ranges, nor an
     * IPv6 address that embeds one of those (IPv4-mapped, 6to4, NAT64).
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 2002::/16
            }
            boolean zeroPrefix = true;
            for (int i = 0; i < 10; i++) {
                zeroPrefix &= b[i] == 0;
            }
            if (zeroPrefix && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]}); // IPv4-mapped or -compatible
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]}); // NAT64 64:ff9b::/96
            }
            return first >= 0x20 && first <= 0x3f; // global unicast 2000::/3 only
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224
                || (a0 == 100 && a1 >= 64 && a1 <= 127)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113));
    }
}
