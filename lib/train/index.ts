/**
 * Training loops (notebooks 10-14): one training step (forward, backward by the hand-written
 * passes or the tape, clip, optimizer step) used by every loop.
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
export * from "./train";
export * from "./step";
