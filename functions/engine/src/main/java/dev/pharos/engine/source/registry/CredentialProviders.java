package dev.pharos.engine.source.registry;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The standard choice by host: an explicit Docker {@code config.json} entry wins; else ECR hosts get an ECR
 * authorization token, Google Artifact Registry / GCR hosts a Google access token; everything else is anonymous.
 */
public final class CredentialProviders {
    private CredentialProviders() {
    }

    public static CredentialProvider standard(RegistryOptions options) {
        return standard(options, DefaultCredentialsProvider.builder().build());
    }

    /** As {@link #standard(RegistryOptions)}, with the AWS credentials used to call ECR. */
    public static CredentialProvider standard(RegistryOptions options, AwsCredentialsProvider aws) {
        var dockerConfig = options.dockerConfig().map(DockerConfigCredentials::new);
        var ecr = new EcrCredentials(aws, options.ecrEndpoint());
        var google = new GoogleAccessTokenCredentials(options.googleCredentials());
        return registry -> {
            if (dockerConfig.isPresent()) {
                var entry = dockerConfig.get().find(registry);
                if (entry.isPresent()) {
                    return entry.get();
                }
            }
            if (EcrCredentials.handles(registry)) {
                return ecr.credentials(registry);
            }
            if (GoogleAccessTokenCredentials.handles(registry)) {
                return google.credentials(registry);
            }
            return RegistryCredentials.ANONYMOUS;
        };
    }
}
