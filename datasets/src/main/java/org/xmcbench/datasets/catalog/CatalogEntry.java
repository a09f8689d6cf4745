package org.xmcbench.datasets.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One dataset of the catalog: where it comes from, its layout, the statistics it must have, and its propensity
 * constants. Bundled datasets carry a repository path and the SHA-256 of each file; downloadable ones carry their
 * downloads, whose SHA-256 may still be unknown (null) until a first verified download locks it. {@code aliases}
 * are the names papers give the dataset (see {@link CatalogAliases}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogEntry(
        @JsonProperty("family") String family,
        @JsonProperty("format") String format,
        @JsonProperty("description") String description,
        @JsonProperty("homepage") String homepage,
        @JsonProperty("path") String path,
        @JsonProperty("files") Map<String, String> files,
        @JsonProperty("downloads") List<Download> downloads,
        @JsonProperty("stats") Stats stats,
        @JsonProperty("stats_source") String statsSource,
        @JsonProperty("stats_verified") Boolean statsVerified,
        @JsonProperty("propensity") Propensity propensity,
        @JsonProperty("note") String note,
        @JsonProperty("aliases") List<Alias> aliases) {

    public boolean bundled() {
        return "bundled".equals(family);
    }

    /** One file to download; {@code sha256} null means "not yet known": the first verified download locks it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Download(
            @JsonProperty("url") String url,
            @JsonProperty("file") String file,
            @JsonProperty("archive") String archive,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("note") String note) {}

    /** The Extreme Classification Repository's statistics columns; a null field is not checked. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stats(
            @JsonProperty("features") Long features,
            @JsonProperty("labels") Long labels,
            @JsonProperty("train") Long train,
            @JsonProperty("test") Long test,
            @JsonProperty("avg_points_per_label") Double avgPointsPerLabel,
            @JsonProperty("avg_labels_per_point") Double avgLabelsPerPoint) {}

    /** The aliases, none when the entry lists none. */
    public List<Alias> aliasesOrEmpty() {
        return aliases == null ? List.of() : aliases;
    }

    /**
     * A name a paper uses for this dataset. {@code papers} (as in {@code results/reported.csv}'s {@code paper}
     * column) limits it to those papers, for a name other papers give to another version of the data (the
     * XR-Transformer paper's "Amazon-670K" is AttentionXML's, the XC Repository's is its own); null means every paper.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alias(@JsonProperty("name") String name, @JsonProperty("papers") List<String> papers) {
        public boolean usedBy(String paper) {
            return papers == null || papers.contains(paper);
        }
    }

    /** Jain et al. propensity constants. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Propensity(@JsonProperty("A") double a, @JsonProperty("B") double b) {}
}
