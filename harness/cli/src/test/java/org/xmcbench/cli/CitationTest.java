package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CITATION.cff and LICENSE say what the build says: the project's version and its declared license. */
class CitationTest {
    private static final Path ROOT = Path.of("../..");

    @Test
    void citationCarriesThePomsVersionAndLicense() throws Exception {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>xmcbench-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(version.find(), "the parent pom's version");
        Matcher license = Pattern.compile("<license>\\s*<name>([^<]+)</name>").matcher(pom);
        assertTrue(license.find(), "the pom declares a license");
        JsonNode cff = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("CITATION.cff").toFile());
        assertEquals("1.2.0", cff.get("cff-version").asText());
        assertEquals("xmcbench", cff.get("title").asText());
        assertEquals("software", cff.get("type").asText());
        assertTrue(!cff.get("message").asText().isBlank() && cff.get("authors").get(0).has("name"), cff.toString());
        assertEquals(version.group(1), cff.get("version").asText());
        assertEquals(license.group(1), cff.get("license").asText());
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License\n                           "
                + "Version 2.0, January 2004"), "LICENSE is the Apache-2.0 text the pom declares");
    }
}
