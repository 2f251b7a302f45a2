package org.stockbridge.domain.alert;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where webhooks may be sent (the server-side request forgery rule). A target is an {@code https} URL without user
 * information, whose host resolves only to public addresses. Refused: the unspecified addresses ({@code 0.0.0.0},
 * {@code ::}, {@code 0.0.0.0/8}), loopback ({@code 127.0.0.0/8}, {@code ::1}), private ({@code 10/8},
 * {@code 172.16/12}, {@code 192.168/16}), shared ({@code 100.64/10}), link-local ({@code 169.254/16}, which holds the
 * cloud metadata address {@code 169.254.169.254}, and {@code fe80::/10}), unique local ({@code fc00::/7}, which
 * holds {@code fd00::/8}), multicast and broadcast addresses, and IPv6 forms embedding a refused IPv4 address
 * (mapped, compatible, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}). Loopback, and plain {@code http} to a
 * loopback host ({@code localhost} or a loopback literal), are allowed only when the operator says so (tests, a
 * receiver on the same machine). The rule is applied when a subscription is saved and
 * again at each delivery, to the addresses the connection is made to, so a name that later resolves elsewhere (DNS
 * rebinding) is refused then.
 */
public final class WebhookTargets {

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private WebhookTargets() {
    }

    /** Why the URL itself may not be a target (before any name is resolved), if it may not. */
    public static Optional<String> refusal(URI url, boolean loopbackAllowed) {
        if (url == null || !url.isAbsolute() || url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("a webhook URL is an absolute https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("a webhook URL may not carry user information");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("a webhook URL may not carry a fragment");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && loopbackAllowed && loopbackName(url.getHost())) {
            return Optional.empty();
        }
        return Optional.of("a webhook URL must use https" + (loopbackAllowed ? " (http only to a loopback host)" : ""));
    }

    /** Why a resolved address may not be a target, if it may not. */
    public static Optional<String> refusal(InetAddress address, boolean loopbackAllowed) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<Inet4Address> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusal(embedded.get(), loopbackAllowed);
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of(address.getHostAddress() + " is a unique local address (fc00::/7)");
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of(address.getHostAddress() + " is the unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return loopbackAllowed ? Optional.empty()
                    : Optional.of(address.getHostAddress() + " is a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(address.getHostAddress() + " is a link-local address (cloud metadata lives there)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of(address.getHostAddress() + " is a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of(address.getHostAddress() + " is a multicast address");
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of(address.getHostAddress() + " is in 0.0.0.0/8");
            }
            if (first == 100 && second >= 64 && second < 128) {
                return Optional.of(address.getHostAddress() + " is a shared (carrier-grade NAT) address");
            }
            if (first >= 240) {
                return Optional.of(address.getHostAddress() + " is a reserved or broadcast address");
            }
        }
        return Optional.empty();
    }

    /** {@code localhost} or a loopback address literal: a name that merely starts with {@code 127.} is not one. */
    private static boolean loopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || LOOPBACK_IPV4.matcher(h).matches() || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible, NAT64 ({@code 64:ff9b::/96},
     * which a NAT64 gateway translates to that IPv4 address) or 6to4 ({@code 2002::/16}) IPv6 address.
     */
    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(ipv4(b[2], b[3], b[4], b[5]));
        }
        if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            for (int i = 4; i < 12; i++) {
                if (b[i] != 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(ipv4(b[12], b[13], b[14], b[15]));
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        return Optional.of(ipv4(b[12], b[13], b[14], b[15]));
    }

    private static Inet4Address ipv4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
