"""Write the transformers.js model directory: config.json, tokenizer.json, tokenizer_config.json and
onnx/model.onnx, a static embedding graph:

  lang      = argmax_L  sum_t mask_t * llr[id_t, L]                 (naive Bayes language detection)
  list_t    = base[id_t] + delta[id_t, lang]                         (the token's entry list in that language)
  tf_t      = (1 + ln n_t) / n_t, n_t = occurrences of id_t in the text   (sublinear term frequency)
  v         = sum_t,k tf_t weight[list_t, k] concept[entry[list_t, k]] / sum_t tf_t - centre[lang]
  sentence_embedding = v                                             ([B, D], one MatMul over the gathered rows)
  last_hidden_state  = v at every position                           ([B, T, D]; the pipeline's mean pooling gives v)

Tables are quantised: concept vectors int8 with one float scale per row, entry weights float16,
language log-likelihood ratios int8 with one scale."""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


def quantize_rows(table):
    scale = np.abs(table).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def quantized(model):
    """The tables as the graph stores them, dequantised (for the Python mirror): int8 concept rows, each entry's
    weight times its concept's row scale in float16."""
    t = graph_tables(model)
    return dict(model, R=t['concept_int8'].astype(np.float32), llr=t['llr_int8'].astype(np.float32) * t['llr_scale'][0],
                ent_w=t['entry_weight'].astype(np.float32))


def quantize_llr(llr):
    s = max(float(np.abs(llr).max()) / 127.0, 1e-6)
    return np.clip(np.rint(llr / s), -127, 127).astype(np.int8), np.float32(s)


def graph_tables(model):
    """The quantised tables the graph stores, by initializer name."""
    Rq, Rs = quantize_rows(model['R'])
    assert model['ent_c'].max() < Rq.shape[0] and model['delta'].max() < 256
    lq, ls = quantize_llr(model['llr'])
    assert not model['prior'].any(), 'the graph has no language prior'
    # [PAD] has no language evidence and no entries, so padding needs no masking in the graph
    assert not lq[0].any() and not model['ent_w'][model['base'][0]:model['base'][0] + model['delta'][0].max() + 1].any()
    return {
        'llr_int8': lq,
        'llr_scale': np.array([ls], np.float32),
        'list_base': model['base'].astype(np.int32),
        'list_delta': model['delta'].astype(np.uint8).reshape(-1),
        'entry_concept': model['ent_c'].astype(np.int32),
        'entry_weight': (model['ent_w'] * Rs[model['ent_c']]).astype(np.float16),
        'concept_int8': Rq,
        'lang_center': model['center'].astype(np.float32),
        'sublinear_tf': bool(model['cfg'].get('sublinear_tf', True)),
    }


def write_onnx(path, model):
    write_graph(path, graph_tables(model))


def write_graph(path, tables):
    """The graph: each token's entry list in the text's language is gathered as one [B, T*K] set of (concept,
    weight) entries and pooled by one batched MatMul ([B, 1, T*K] weights x [B, T*K, D] int8 rows cast to
    float): the text's vector is computed once, not once per token, in few nodes. `sentence_embedding`
    [B, D] is that vector (what Marquee's worker fetches alone); `last_hidden_state` [B, T, D] repeats it at
    every position, so the pipeline's mean pooling gives the same vector to a standard transformers.js call.
    [PAD] has no language evidence and no entries: padding needs no mask except in the token count."""
    tables = dict(tables)
    sublinear = tables.pop('sublinear_tf')
    nL = tables['llr_int8'].shape[1]
    C, D = tables['concept_int8'].shape
    inits = [numpy_helper.from_array(v, k) for k, v in tables.items() if k != 'llr_scale']
    inits += [
        numpy_helper.from_array(np.array([nL], np.int64), 'n_langs'),
        numpy_helper.from_array(np.array([1], np.int64), 'axis1'),
        numpy_helper.from_array(np.array(1.0, np.float32), 'one'),
        numpy_helper.from_array(np.array([2], np.int64), 'axis2'),
        numpy_helper.from_array(np.array([-1], np.int64), 'flat'),
        numpy_helper.from_array(np.array(0.0, np.float32), 'zero'),
        numpy_helper.from_array(np.array([0], np.int64), 'axis0'),
        numpy_helper.from_array(np.array([3], np.int64), 'end3'),
        numpy_helper.from_array(np.array(0, np.int64), 'zero_i'),
        numpy_helper.from_array(np.array(1, np.int64), 'one_i'),
        numpy_helper.from_array(np.array([D], np.int64), 'dim_d'),
    ]
    n = helper.make_node
    nodes = [
        # language of the text: naive Bayes, argmax of the summed log-likelihoods ([PAD] rows are 0)
        n('Gather', ['llr_int8', 'input_ids'], ['llr_q'], axis=0),
        n('Cast', ['llr_q'], ['llr_f'], to=TensorProto.FLOAT),
        n('ReduceSum', ['llr_f', 'axis1'], ['lang_score'], keepdims=0),
        n('ArgMax', ['lang_score'], ['lang'], axis=1, keepdims=1),
        # each token's entry list in that language
        n('Mul', ['input_ids', 'n_langs'], ['ids_x_nl']),
        n('Add', ['ids_x_nl', 'lang'], ['delta_idx']),
        n('Gather', ['list_delta', 'delta_idx'], ['delta_u8'], axis=0),
        n('Cast', ['delta_u8'], ['delta_i'], to=TensorProto.INT32),
        n('Gather', ['list_base', 'input_ids'], ['base_i'], axis=0),
        n('Add', ['base_i', 'delta_i'], ['list_id']),
        n('Gather', ['entry_concept', 'list_id'], ['concepts'], axis=0),  # [B, T, K]
        n('Gather', ['entry_weight', 'list_id'], ['weights16'], axis=0),
        n('Cast', ['weights16'], ['weights'], to=TensorProto.FLOAT),
        n('Cast', ['attention_mask'], ['mask_f'], to=TensorProto.FLOAT),
        n('Unsqueeze', ['mask_f', 'axis2'], ['mask3']),  # [B, T, 1]
    ]
    if sublinear:
        nodes += [
            # a token's n occurrences in the text count (1 + ln n) / n each
            n('Unsqueeze', ['input_ids', 'axis2'], ['ids_col']),
            n('Unsqueeze', ['input_ids', 'axis1'], ['ids_row']),
            n('Equal', ['ids_col', 'ids_row'], ['same_token']),
            n('Cast', ['same_token'], ['same_f'], to=TensorProto.FLOAT),
            n('ReduceSum', ['same_f', 'axis2'], ['occurrences'], keepdims=1),  # [PAD] counts too: its weights are 0
            n('Log', ['occurrences'], ['log_occ']),
            n('Add', ['log_occ', 'one'], ['tf_num']),
            n('Div', ['tf_num', 'occurrences'], ['tf_factor']),
            n('Mul', ['tf_factor', 'mask3'], ['tf_valid']),  # [B, T, 1]
            n('ReduceSum', ['tf_valid', 'axis1'], ['tf_sum'], keepdims=1),  # [B, 1, 1]
            n('Max', ['tf_sum', 'one'], ['tf_sum1']),
            n('Div', ['tf_valid', 'tf_sum1'], ['tf_share']),
            n('Mul', ['weights', 'tf_share'], ['entry_share']),  # [B, T, K]
        ]
    else:
        nodes += [
            n('ReduceSum', ['mask3', 'axis1'], ['n_tokens'], keepdims=1),  # [B, 1, 1]
            n('Max', ['n_tokens', 'one'], ['n_tokens1']),
            n('Div', ['weights', 'n_tokens1'], ['entry_share']),
        ]
    nodes += [
        # only the entries that carry weight (not padding, not empty slots of a list): [N] concepts, weights, texts
        n('Reshape', ['entry_share', 'flat'], ['share_flat']),  # [B*T*K]
        n('Reshape', ['concepts', 'flat'], ['concepts_flat']),
        n('Greater', ['share_flat', 'zero'], ['carries']),
        n('NonZero', ['carries'], ['nz']),  # [1, N]
        n('Squeeze', ['nz', 'axis0'], ['entry_idx']),  # [N]
        n('Gather', ['concepts_flat', 'entry_idx'], ['entry_c'], axis=0),
        n('Gather', ['share_flat', 'entry_idx'], ['entry_w'], axis=0),
        n('Shape', ['concepts'], ['btk']),
        n('Slice', ['btk', 'axis1', 'end3'], ['tk']),
        n('ReduceProd', ['tk'], ['per_text'], keepdims=1),
        n('Div', ['entry_idx', 'per_text'], ['entry_text']),  # [N]: which text of the batch
        n('Gather', ['btk', 'zero_i'], ['batch']),
        n('Range', ['zero_i', 'batch', 'one_i'], ['texts']),  # [B]
        n('Unsqueeze', ['texts', 'axis1'], ['texts_col']),  # [B, 1]
        n('Unsqueeze', ['entry_text', 'axis0'], ['entry_row']),  # [1, N]
        n('Equal', ['texts_col', 'entry_row'], ['owns']),  # [B, N]
        n('Cast', ['owns'], ['owns_f'], to=TensorProto.FLOAT),
        n('Mul', ['owns_f', 'entry_w'], ['pool_w']),  # [B, N]
        n('Gather', ['concept_int8', 'entry_c'], ['rows_q'], axis=0),  # [N, D]
        n('Cast', ['rows_q'], ['rows_f'], to=TensorProto.FLOAT),
        n('MatMul', ['pool_w', 'rows_f'], ['pooled']),  # [B, D]
        n('Gather', ['lang_center', 'lang'], ['center3'], axis=0),  # [B, 1, D]
        n('Squeeze', ['center3', 'axis1'], ['center']),
        # a text without tokens stays the zero vector (the pipeline's mean pooling makes it NaN)
        n('ReduceSum', ['mask_f', 'axis1'], ['n_tok'], keepdims=1),  # [B, 1]
        n('Min', ['n_tok', 'one'], ['present']),
        n('Mul', ['center', 'present'], ['center_p']),
        n('Sub', ['pooled', 'center_p'], ['sentence_embedding']),
        # the same vector at every position, for the standard pipeline's mean pooling
        n('Unsqueeze', ['sentence_embedding', 'axis1'], ['vector3']),
        n('Shape', ['input_ids'], ['ids_shape']),
        n('Concat', ['ids_shape', 'dim_d'], ['hidden_shape'], axis=0),
        n('Expand', ['vector3', 'hidden_shape'], ['last_hidden_state']),
    ]
    graph = helper.make_graph(
        nodes, 'marquee_static_multilingual',
        [helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch_size', 'sequence_length']),
         helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch_size', 'sequence_length'])],
        [helper.make_tensor_value_info('last_hidden_state', TensorProto.FLOAT, ['batch_size', 'sequence_length', D]),
         helper.make_tensor_value_info('sentence_embedding', TensorProto.FLOAT, ['batch_size', D])],
        inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='marquee-tools-model')
    m.ir_version = 8
    onnx.checker.check_model(m)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(m, path)


def regraph(src, dst, sublinear_tf=True):
    """Rewrites a model exported with the per-token graph (no retraining; for measuring graphs side by side)."""
    t = {i.name: numpy_helper.to_array(i) for i in onnx.load(src).graph.initializer}
    w = (t['entry_weight'].astype(np.float32) * t['concept_scale'][t['entry_concept'], 0]).astype(np.float16)
    write_graph(dst, dict({k: t[k] for k in ('llr_int8', 'list_base', 'list_delta', 'entry_concept', 'concept_int8', 'lang_center')},
                          entry_weight=w, llr_scale=t['llr_scale'], sublinear_tf=sublinear_tf))


def write_tokenizer(outdir, vocab, max_len=512):
    def special(i, t):
        return {'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
                'normalized': False, 'special': True}
    tok = {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [special(0, '[PAD]'), special(1, '[UNK]')],
        'normalizer': {'type': 'BertNormalizer', 'clean_text': True, 'handle_chinese_chars': True,
                       'strip_accents': True, 'lowercase': True},
        'pre_tokenizer': {'type': 'BertPreTokenizer'},
        'post_processor': None,
        'decoder': {'type': 'WordPiece', 'prefix': '##', 'cleanup': True},
        'model': {'type': 'WordPiece', 'unk_token': '[UNK]', 'continuing_subword_prefix': '##',
                  'max_input_chars_per_word': 100, 'vocab': {t: i for i, t in enumerate(vocab)}},
    }
    with open(os.path.join(outdir, 'tokenizer.json'), 'w', encoding='utf-8') as f:
        json.dump(tok, f, ensure_ascii=False, separators=(',', ':'))
    cfg = {'tokenizer_class': 'BertTokenizer', 'model_max_length': max_len, 'do_lower_case': True,
           'strip_accents': True, 'tokenize_chinese_chars': True, 'pad_token': '[PAD]', 'unk_token': '[UNK]',
           'clean_up_tokenization_spaces': True, 'padding_side': 'right'}
    with open(os.path.join(outdir, 'tokenizer_config.json'), 'w', encoding='utf-8') as f:
        json.dump(cfg, f, indent=2)


def write_config(outdir, V, D, extra):
    cfg = {'model_type': 'bert', 'architectures': ['BertModel'], 'hidden_size': D, 'vocab_size': V,
           'max_position_embeddings': 512, 'pad_token_id': 0,
           'marquee': dict(extra, kind='static multilingual embedding (language-conditioned token table)',
                           pooling='mean', normalize=True)}
    with open(os.path.join(outdir, 'config.json'), 'w', encoding='utf-8') as f:
        json.dump(cfg, f, indent=2)


def export(outdir, model, extra):
    os.makedirs(os.path.join(outdir, 'onnx'), exist_ok=True)
    write_onnx(os.path.join(outdir, 'onnx', 'model.onnx'), model)
    write_tokenizer(outdir, model['vocab'])
    write_config(outdir, len(model['vocab']), model['R'].shape[1], extra)
