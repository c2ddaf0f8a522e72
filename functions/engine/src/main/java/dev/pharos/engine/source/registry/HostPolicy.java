package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which URLs a registry pull may contact. An image reference, a token realm and a blob redirect are all chosen by
 * someone else, so each is checked before we connect (SSRF): the host must be allow-listed when a list is set, and no
 * address it resolves to may be link-local (169.254.0.0/16, fe80::/10; where cloud metadata services live) or a
 * known metadata address; the wildcard address is refused too. Plain HTTP only for insecure-listed hosts and, by
 * default, loopback.
 * <p>
 * Limit: the JDK HTTP client resolves the name again when it connects, so a DNS server answering differently the
 * second time (rebinding) is not caught here; network egress rules remain the real boundary.
 */
final class HostPolicy {
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal");
    private static final List<String> METADATA_ADDRESSES = List.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254",
            "100.100.100.200", "169.254.170.2");

    private final RegistryOptions options;

    HostPolicy(RegistryOptions options) {
        this.options = options;
    }

    /**
     * The scheme to reach a registry at {@code hostPort}: HTTPS unless plain HTTP is allowed there. Checks the host
     * first, so a forbidden name fails as such even when it does not resolve here.
     */
    String schemeFor(String hostPort) {
        URI probe;
        try {
            probe = URI.create("https://" + hostPort + "/");
        } catch (IllegalArgumentException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "invalid registry host " + hostPort, e);
        }
        check(probe);
        return plainHttpAllowed(probe, resolve(host(probe))) ? "http" : "https";
    }

    /** Throws FORBIDDEN_TARGET unless {@code uri} may be contacted; UNAVAILABLE when its host does not resolve. */
    void check(URI uri) {
        String host = host(uri);
        if (host.isEmpty()) {
            throw forbidden(uri, "has no host");
        }
        if (METADATA_NAMES.contains(host)) {
            throw forbidden(uri, "is a cloud metadata service");
        }
        if (!options.allowedHosts().isEmpty() && options.allowedHosts().stream().noneMatch(p -> matches(p, host))) {
            throw forbidden(uri, "is not in the registry allow-list " + options.allowedHosts());
        }
        InetAddress[] addresses = resolve(host);
        for (InetAddress address : addresses) {
            if (forbiddenAddress(address) || embeddedIpv4(address).filter(HostPolicy::forbiddenAddress).isPresent()) {
                throw forbidden(uri, "resolves to " + address.getHostAddress()
                        + ", a link-local, metadata or wildcard address");
            }
            if (address.isLoopbackAddress() && options.loopbackPolicy() == RegistryOptions.LoopbackPolicy.DENY) {
                throw forbidden(uri, "resolves to loopback " + address.getHostAddress()
                        + " and loopback registries are denied");
            }
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !plainHttpAllowed(uri, addresses)) {
            throw forbidden(uri, "is plain HTTP; allowed only for insecure-listed hosts"
                    + (options.loopbackPolicy() == RegistryOptions.LoopbackPolicy.ALLOW_PLAIN_HTTP ? " and loopback"
                    : ""));
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw forbidden(uri, "is neither HTTP nor HTTPS");
        }
    }

    private static boolean forbiddenAddress(InetAddress address) {
        return METADATA_ADDRESSES.contains(address.getHostAddress().replaceFirst("%.*", ""))
                || address.isLinkLocalAddress() || address.isAnyLocalAddress();
    }

    /**
     * The IPv4 address inside IPv6 forms that route to it: IPv4-compatible {@code ::a.b.c.d} (RFC 4291 2.5.5.1),
     * the NAT64 well-known prefix {@code 64:ff9b::/96} (RFC 6052) and 6to4 {@code 2002:AABB:CCDD::/48}
     * (RFC 3056). Where a network translates these, {@code [64:ff9b::a9fe:a9fe]} reaches 169.254.169.254.
     * (IPv4-mapped {@code ::ffff:a.b.c.d} already resolves to an IPv4 address in Java.)
     */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean compatible = Arrays.equals(Arrays.copyOf(b, 12), new byte[12]);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        try {
            if (compatible || nat64) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6)));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
        return Optional.empty();
    }

    private boolean plainHttpAllowed(URI uri, InetAddress[] addresses) {
        String host = host(uri);
        String hostPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        if (options.insecureHosts().contains(host) || options.insecureHosts().contains(hostPort)) {
            return true;
        }
        return options.loopbackPolicy() == RegistryOptions.LoopbackPolicy.ALLOW_PLAIN_HTTP
                && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    }

    private static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        return p.startsWith("*.") ? host.endsWith(p.substring(1)) : host.equals(p);
    }

    private static String host(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static InetAddress[] resolve(String host) {
        try {
            // An IPv4-mapped IPv6 literal (::ffff:169.254.169.254) comes back as an Inet4Address: checked as v4.
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "registry host " + host
                    + " does not resolve", e);
        }
    }

    private static PharosException forbidden(URI uri, String why) {
        return new PharosException(PharosException.Kind.FORBIDDEN_TARGET, "refusing to contact " + uri.getScheme()
                + "://" + uri.getAuthority() + ": it " + why);
    }
}
