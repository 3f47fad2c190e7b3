package dev.recs.core.model;

/**
 * What early stopping chose when the encoder was trained.
 *
 * @param trainItems items used for gradient steps
 * @param validationItems items held out to score each epoch
 * @param epochs epochs run before stopping
 * @param bestEpoch the epoch whose weights were kept (0-based)
 * @param validationLoss mean reconstruction loss of the kept weights on the held-out items
 * @param terminationReason DL4J's stated reason for stopping
 */
public record EncoderTraining(
    int trainItems,
    int validationItems,
    int epochs,
    int bestEpoch,
    double validationLoss,
    String terminationReason) {}
