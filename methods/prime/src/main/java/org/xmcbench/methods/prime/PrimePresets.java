package org.xmcbench.methods.prime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Presets: {@code LF-AmazonTitles-131K}, the configuration released with PRIME (kunaldahiya/prime
 * {@code configs/PRIME/LF-AmazonTitles-131K.json}: 300 epochs of 1,600 queries, AdamW 2e-4 with 100 warm-up steps,
 * the LPN with 65,536 free vectors, then 100 epochs of the classifier stage), and {@code quick}, the same method at
 * the CPU budget of the quick suite's dual encoder (the shipped MiniLM, 250 steps of 64 queries), so the two compare
 * at equal encoder and budget.
 */
final class PrimePresets {
    private PrimePresets() {}

    static final Map<String, Map<String, String>> ALL = build();

    private static Map<String, Map<String, String>> build() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> released = new LinkedHashMap<>();
        released.put("encoder", "msmarco-distilbert-base-v4");
        released.put("max_length", "32");
        released.put("text", "title");
        released.put("epochs", "300");
        released.put("batch_size", "1600");
        released.put("lr", "2e-4");
        released.put("warmup_steps", "100");
        released.put("weight_decay", "0.01");
        released.put("freeze_word_embeddings", "false");
        released.put("lpn_heads", "1");
        released.put("lpn_feedforward", "1024");
        released.put("free_vectors", "65536");
        released.put("negatives", "100");
        released.put("cluster_size", "4");
        released.put("cluster_doubling_epochs", "10,25,50,75,100,125,150,200");
        released.put("refresh_epochs", "5");
        // The config's sampling_A / sampling_B: positives drawn by inverse propensity with these.
        released.put("propensity_a", "0.6");
        released.put("propensity_b", "2.6");
        // 100 epochs of 2,048 queries over the 294,805 training queries.
        released.put("classifier_steps", "14400");
        released.put("classifier_batch_size", "2048");
        released.put("classifier_lr", "1e-4");
        released.put("classifier_margin", "0.2");
        released.put("classifier_negatives", "100");
        out.put("LF-AmazonTitles-131K", released);

        Map<String, String> quick = new LinkedHashMap<>();
        quick.put("encoder", "all-MiniLM-L6-v2");
        quick.put("max_length", "32");
        quick.put("text", "title");
        quick.put("steps", "250");
        quick.put("batch_size", "64");
        quick.put("lr", "2e-4");
        quick.put("warmup", "0.1");
        quick.put("freeze_word_embeddings", "true");
        // The freshly initialised prototype network and free vectors learn at 5e-4 against the encoder's 2e-4, as
        // in ViXML's training recipe for PRIME; at 250 steps the default (one rate) leaves them barely trained.
        quick.put("lpn_lr_scale", "2.5");
        // LF-debian-deps has 3,594 labels seen only at test time: with the released zero centroid the prototype
        // network never ranked one of them first (the dual encoder does, for 14% of queries, half of them right).
        quick.put("empty_centroid", "text");
        out.put("quick", quick);
        return out;
    }
}
