package dev.pharos.engine.source.registry;

import java.io.IOException;

/** Finds the credentials for a registry host ({@code host[:port]} as in the image reference). */
@FunctionalInterface
public interface CredentialProvider {
    RegistryCredentials credentials(String registry) throws IOException;
}
