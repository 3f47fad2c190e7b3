package dev.recs.core.run;

/** Where a run reads its two inputs: each a file or a folder, any supported format. */
public record RunInputs(String catalog, String interactions) {}
