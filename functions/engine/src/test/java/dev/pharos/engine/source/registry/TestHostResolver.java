package dev.pharos.engine.source.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Lets tests give real-looking registry names (an ECR host, an Artifact Registry host, a "metadata" name) addresses of
 * their choosing without touching DNS, through the JDK's resolver SPI (JEP 418). Names not registered here go to the
 * built-in resolver, so nothing else in the test JVM changes.
 */
public final class TestHostResolver extends InetAddressResolverProvider {
    private static final Map<String, InetAddress> NAMES = new ConcurrentHashMap<>();

    static void map(String name, String address) {
        try {
            NAMES.put(name, InetAddress.getByAddress(name, InetAddress.getByName(address).getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                InetAddress mapped = NAMES.get(host.toLowerCase(java.util.Locale.ROOT));
                return mapped != null ? Stream.of(mapped) : builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "pharos-test-host-resolver";
    }
}
