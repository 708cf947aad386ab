'use strict';
/**
 * From a batch of texts, each cut into pieces by the embedder, to the token rows a model takes: one row per
 * chunk of at most the model's token limit, with each chunk's token weight and the chunk count of each text.
 * Plain CommonJS shared by the embedding worker thread and the embedder's calling thread, so both tokenize
 * exactly alike.
 */

/** The effective token limit per chunk (Infinity when neither the caller nor the tokenizer sets one) and the special tokens added. */
const tokenLimits = (tokenizer, requestedMaxTokens) => {
  const modelMax = Number.isFinite(tokenizer.model_max_length) ? tokenizer.model_max_length : Infinity;
  return {
    maxTokens: Math.min(requestedMaxTokens ?? Infinity, modelMax),
    specialTokens: tokenizer.encode('').length,
  };
};

/** `encodeChunks({ prefix, items })` → `{ rows, weights, chunkCounts }` for `tokenizer`, within `maxTokens`. */
const createChunkEncoder = (tokenizer, { maxTokens, specialTokens }) => {
  const countTokens = (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
  const prefixTokens = new Map();

  /** Greedily packs consecutive pieces into chunks of at most `budget` tokens. */
  const pack = (pieces, budget) => {
    const chunks = [];
    let texts = [];
    let tokens = 0;
    for (const piece of pieces) {
      const count = countTokens(piece);
      if (texts.length > 0 && tokens + count > budget) {
        chunks.push({ text: texts.join(' '), tokens });
        texts = [];
        tokens = 0;
      }
      texts.push(piece);
      tokens += count;
    }
    if (texts.length > 0) chunks.push({ text: texts.join(' '), tokens });
    return chunks;
  };

  /** Token rows without padding or truncation, so that each text is tokenized once. */
  const encode = (texts) => {
    const encoded = tokenizer(texts, { padding: false, truncation: false, return_tensor: false });
    const names = Object.keys(encoded);
    return texts.map((_, i) => {
      const row = {};
      for (const name of names) row[name] = encoded[name][i];
      return row;
    });
  };

  /** Cuts a row to the model's limit, as the pipeline's truncation does. */
  const truncated = (row) =>
    row.input_ids.length <= maxTokens ? row : Object.fromEntries(Object.entries(row).map(([name, ids]) => [name, ids.slice(0, maxTokens)]));

  return ({ prefix, items }) => {
    if (!prefixTokens.has(prefix)) prefixTokens.set(prefix, prefix ? countTokens(prefix) : 0);
    const budget = Math.max(1, maxTokens - specialTokens - prefixTokens.get(prefix));
    const whole = encode(items.map((pieces) => (pieces.length === 1 ? prefix + pieces[0] : prefix + pieces.join(' '))));
    const rows = [];
    const weights = [];
    const chunkCounts = [];
    items.forEach((pieces, i) => {
      // Only text that really exceeds the limit is re-tokenized, piece by piece, into chunks.
      if (pieces.length === 1 || whole[i].input_ids.length <= maxTokens) {
        rows.push(truncated(whole[i]));
        weights.push(1);
        chunkCounts.push(1);
        return;
      }
      const chunks = pack(pieces, budget);
      for (const row of encode(chunks.map((chunk) => prefix + chunk.text))) rows.push(truncated(row));
      for (const chunk of chunks) weights.push(Math.max(1, chunk.tokens));
      chunkCounts.push(chunks.length);
    });
    return { rows, weights, chunkCounts };
  };
};

module.exports = { createChunkEncoder, tokenLimits };
