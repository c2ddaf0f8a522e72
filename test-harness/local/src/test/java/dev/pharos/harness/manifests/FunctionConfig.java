package dev.pharos.harness.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration a function reads, from its sources (no function code is loaded): the variables its
 * {@code application.properties} references ({@code ${PHAROS_DB_HOST:localhost}}), the {@code pharos.*} keys set
 * there, and the {@code pharos.*} properties of every {@code @ConfigMapping} interface in the module and in the Pharos
 * libraries it depends on (property names as SmallRye Config derives them: kebab-case methods, nested groups, map
 * keys as a wildcard segment, {@code @WithName}). Defaults come from {@code application.properties} or
 * {@code @WithDefault}.
 */
record FunctionConfig(Set<String> variables, Map<String, String> properties) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");
    private static final Pattern MAPPING = Pattern.compile(
            "@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)[^{]*?interface\\s+(\\w+)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\([^)]*\\))?\\s*)*)([\\w.]+(?:<[^;(]*>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern ANNOTATION_VALUE = Pattern.compile("@(\\w+)\\(\\s*\"([^\"]*)\"\\s*\\)");
    /**
     * The variables the AWS SDK for Java v2 reads itself in its default credential and region chains (SDK
     * developer guide, "Default credentials provider chain" and "Default region provider chain"): a function that
     * depends on the SDK reads them without naming them in its configuration.
     */
    private static final Set<String> AWS_SDK_VARIABLES = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE");
    private static final Pattern PHAROS_DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>dev\\.pharos</groupId>\\s*<artifactId>pharos-(\\w+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);

    /** The configuration of {@code functions/<module>} of {@code repoRoot}. */
    static FunctionConfig of(Path repoRoot, String module) {
        Path dir = repoRoot.resolve("functions").resolve(module);
        Set<String> variables = new TreeSet<>();
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> interfaces = new HashMap<>();
        List<String[]> roots = new ArrayList<>();
        List<Path> sources = moduleAndLibraries(repoRoot, dir);
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source.resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = withoutComments(Files.readString(file));
                    interfaces.putAll(interfaceBodies(code));
                    Matcher mapping = MAPPING.matcher(code);
                    while (mapping.find()) {
                        roots.add(new String[]{mapping.group(1), mapping.group(2)});
                    }
                }
            } catch (NoSuchFileException noSources) {
                // A module without Java sources maps nothing.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String[] root : roots) {
            collect(root[0], interfaces.get(root[1]), interfaces, properties, 0);
        }
        if (sources.stream().anyMatch(FunctionConfig::usesAwsSdk)) {
            variables.addAll(AWS_SDK_VARIABLES);
        }
        Path applicationProperties = dir.resolve("src/main/resources/application.properties");
        if (Files.isRegularFile(applicationProperties)) {
            Properties loaded = new Properties();
            try (var in = Files.newBufferedReader(applicationProperties)) {
                loaded.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : loaded.stringPropertyNames()) {
                String value = loaded.getProperty(key);
                Matcher variable = VARIABLE.matcher(value);
                while (variable.find()) {
                    variables.add(variable.group(1));
                }
                if (key.startsWith("pharos.")) {
                    properties.put(key, value);
                }
            }
        }
        return new FunctionConfig(variables, properties);
    }

    /** True when the function reads environment variable {@code name}. */
    boolean reads(String name) {
        return variables.contains(name) || properties.keySet().stream().anyMatch(p -> envForm(p).matcher(name).matches());
    }

    /** The default of a property, if the function has one. */
    Optional<String> defaultOf(String property) {
        return Optional.ofNullable(properties.get(property)).filter(v -> !v.isEmpty());
    }

    /**
     * SmallRye's environment variable form of a property: upper case, every non-alphanumeric character an
     * underscore; a {@code *} segment (a map key) matches any name.
     */
    static Pattern envForm(String property) {
        StringBuilder regex = new StringBuilder();
        for (String segment : property.split("\\.")) {
            if (!regex.isEmpty()) {
                regex.append('_');
            }
            regex.append(segment.equals("*") ? "[A-Z0-9_]+"
                    : Pattern.quote(segment.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return Pattern.compile(regex.toString());
    }

    private static void collect(String prefix, String body, Map<String, String> interfaces,
                                Map<String, String> into, int depth) {
        if (body == null || depth > 8) {
            return;
        }
        Matcher method = METHOD.matcher(body);
        while (method.find()) {
            Map<String, String> annotations = new HashMap<>();
            Matcher value = ANNOTATION_VALUE.matcher(method.group(1));
            while (value.find()) {
                annotations.put(value.group(1), value.group(2));
            }
            String type = method.group(2).replaceAll("^Optional<(.*)>$", "$1");
            String name = prefix + "." + annotations.getOrDefault("WithName", kebab(method.group(3)));
            Matcher map = Pattern.compile("^Map<\\s*String\\s*,\\s*(\\w+)\\s*>$").matcher(type);
            if (map.matches()) {
                name = name + ".*";
                type = map.group(1);
            }
            if (interfaces.containsKey(type)) {
                collect(name, interfaces.get(type), interfaces, into, depth + 1);
            } else {
                into.put(name, annotations.getOrDefault("WithDefault", ""));
            }
        }
    }

    /** Each interface's own body, nested interfaces and default methods cut out. */
    private static Map<String, String> interfaceBodies(String code) {
        Map<String, String> bodies = new HashMap<>();
        Matcher start = INTERFACE.matcher(code);
        while (start.find()) {
            int end = closingBrace(code, start.end() - 1);
            bodies.put(start.group(1), ownBody(code.substring(start.end(), end)));
        }
        return bodies;
    }

    private static String ownBody(String body) {
        StringBuilder own = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int open = body.indexOf('{', i);
            if (open < 0) {
                own.append(body, i, body.length());
                break;
            }
            // Drop the declaration that owns the block (a nested type or a default method) along with the block.
            int declaration = Math.max(body.lastIndexOf(';', open), body.lastIndexOf('}', open)) + 1;
            own.append(body, i, Math.max(i, declaration));
            i = closingBrace(body, open) + 1;
        }
        return own.toString();
    }

    private static int closingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static boolean usesAwsSdk(Path module) {
        Path pom = module.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<groupId>software.amazon.awssdk</groupId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module and the Pharos libraries it depends on at run time (not test scope). */
    private static List<Path> moduleAndLibraries(Path repoRoot, Path module) {
        List<Path> dirs = new ArrayList<>(List.of(module));
        Path pom = module.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return dirs;
        }
        try {
            Matcher dependency = PHAROS_DEPENDENCY.matcher(Files.readString(pom));
            while (dependency.find()) {
                Path library = repoRoot.resolve("functions").resolve(dependency.group(1));
                boolean runtime = !dependency.group(2).contains("<scope>test</scope>")
                        && !dependency.group(2).contains("test-jar");
                if (runtime && Files.isDirectory(library)) {
                    dirs.add(library);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dirs;
    }
}
