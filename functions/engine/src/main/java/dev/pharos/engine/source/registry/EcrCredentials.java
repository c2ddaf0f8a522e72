package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon ECR private registries ({@code <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]}): the
 * {@code GetAuthorizationToken} API returns base64 of {@code AWS:<password>}, valid for 12 hours, used as Basic
 * credentials. Tokens are cached per registry until shortly before they expire.
 */
public final class EcrCredentials implements CredentialProvider {
    private static final Pattern HOST = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?(?::\\d+)?");

    private final AwsCredentialsProvider aws;
    private final Optional<URI> endpoint;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(RegistryCredentials.Basic credentials, Instant expires) {
    }

    public EcrCredentials(AwsCredentialsProvider aws, Optional<URI> endpoint) {
        this.aws = aws;
        this.endpoint = endpoint;
    }

    public static boolean handles(String registry) {
        return HOST.matcher(registry).matches();
    }

    @Override
    public RegistryCredentials credentials(String registry) {
        Matcher m = HOST.matcher(registry);
        if (!m.matches()) {
            return RegistryCredentials.ANONYMOUS;
        }
        Cached cached = cache.get(registry);
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return cached.credentials();
        }
        Cached fresh = fetch(m.group(1), m.group(2));
        cache.put(registry, fresh);
        return fresh.credentials();
    }

    private Cached fetch(String account, String region) {
        var builder = EcrClient.builder().region(Region.of(region)).credentialsProvider(aws);
        endpoint.ifPresent(builder::endpointOverride);
        try (EcrClient ecr = builder.build()) {
            AuthorizationData data = ecr.getAuthorizationToken(r -> r.registryIds(account)).authorizationData()
                    .stream().findFirst().orElseThrow(() -> new PharosException(PharosException.Kind.UNAUTHENTICATED,
                            "ECR returned no authorization data for account " + account));
            String pair = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new PharosException(PharosException.Kind.UNAUTHENTICATED,
                        "ECR authorization token for account " + account + " is not user:password");
            }
            Instant expires = Optional.ofNullable(data.expiresAt()).orElse(Instant.now()).minusSeconds(300);
            return new Cached(new RegistryCredentials.Basic(pair.substring(0, colon), pair.substring(colon + 1)),
                    expires);
        } catch (SdkException | IllegalArgumentException e) {
            throw new PharosException(PharosException.Kind.UNAUTHENTICATED,
                    "cannot get an ECR authorization token for account " + account + " in " + region + ": "
                            + e.getMessage(), e);
        }
    }
}
