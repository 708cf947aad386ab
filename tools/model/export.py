"""Write the transformers.js model directory: config.json, tokenizer.json, tokenizer_config.json and
onnx/model.onnx, a static embedding graph:

  lang      = argmax_L  sum_t mask_t * llr[id_t, L]                 (naive Bayes language detection)
  list_t    = base[id_t] + delta[id_t, lang]                         (the token's entry list in that language)
  tf_t      = (1 + ln n_t) / n_t, n_t = occurrences of id_t in the text   (sublinear term frequency)
  h_t       = mask_t * (tf_t * sum_k weight[list_t, k] * concept[entry[list_t, k]] - centre[lang])
  last_hidden_state = h                                              ([B, T, D]; the pipeline mean-pools)

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
    """The tables as the graph stores them, dequantised (for the Python mirror)."""
    q, s = quantize_rows(model['R'])
    lq, ls = quantize_llr(model['llr'])
    return dict(model, R=q.astype(np.float32) * s[:, None], llr=lq.astype(np.float32) * ls,
                ent_w=model['ent_w'].astype(np.float16).astype(np.float32))


def quantize_llr(llr):
    s = max(float(np.abs(llr).max()) / 127.0, 1e-6)
    return np.clip(np.rint(llr / s), -127, 127).astype(np.int8), np.float32(s)


def write_onnx(path, model):
    nL = model['llr'].shape[1]
    K = model['ent_c'].shape[1]
    Rq, Rs = quantize_rows(model['R'])
    C, D = Rq.shape
    assert model['ent_c'].max() < C and model['delta'].max() < 256
    lq, ls = quantize_llr(model['llr'])
    inits = [
        numpy_helper.from_array(lq, 'llr_int8'),
        numpy_helper.from_array(np.array([ls], np.float32), 'llr_scale'),
        numpy_helper.from_array(model['prior'].astype(np.float32), 'lang_prior'),
        numpy_helper.from_array(model['base'].astype(np.int32), 'list_base'),
        numpy_helper.from_array(model['delta'].astype(np.uint8).reshape(-1), 'list_delta'),
        numpy_helper.from_array(model['ent_c'].astype(np.int32), 'entry_concept'),
        numpy_helper.from_array(model['ent_w'].astype(np.float16), 'entry_weight'),
        numpy_helper.from_array(Rq, 'concept_int8'),
        numpy_helper.from_array(Rs.reshape(C, 1), 'concept_scale'),
        numpy_helper.from_array(model['center'].astype(np.float32), 'lang_center'),
        numpy_helper.from_array(np.array([nL], np.int64), 'n_langs'),
        numpy_helper.from_array(np.array([1], np.int64), 'axis1'),
        numpy_helper.from_array(np.array(1.0, np.float32), 'one'),
        numpy_helper.from_array(np.array([2], np.int64), 'axis2'),
    ]
    inits += [numpy_helper.from_array(np.array(k, np.int64), f'k{k}') for k in range(K)]
    n = helper.make_node
    nodes = [
        n('Cast', ['attention_mask'], ['mask_f'], to=TensorProto.FLOAT),
        n('Unsqueeze', ['mask_f', 'axis2'], ['mask3']),
        # language of the text
        n('Gather', ['llr_int8', 'input_ids'], ['llr_q'], axis=0),
        n('Cast', ['llr_q'], ['llr_f'], to=TensorProto.FLOAT),
        n('Mul', ['llr_f', 'mask3'], ['llr_m']),
        n('ReduceSum', ['llr_m', 'axis1'], ['llr_sum'], keepdims=0),
        n('Mul', ['llr_sum', 'llr_scale'], ['llr_scaled']),
        n('Add', ['llr_scaled', 'lang_prior'], ['lang_score']),
        n('ArgMax', ['lang_score'], ['lang'], axis=1, keepdims=1),
        # each token's entry list in that language
        n('Mul', ['input_ids', 'n_langs'], ['ids_x_nl']),
        n('Add', ['ids_x_nl', 'lang'], ['delta_idx']),
        n('Gather', ['list_delta', 'delta_idx'], ['delta_u8'], axis=0),
        n('Cast', ['delta_u8'], ['delta_i'], to=TensorProto.INT32),
        n('Gather', ['list_base', 'input_ids'], ['base_i'], axis=0),
        n('Add', ['base_i', 'delta_i'], ['list_id']),
        n('Gather', ['entry_concept', 'list_id'], ['concepts'], axis=0),
        n('Gather', ['entry_weight', 'list_id'], ['weights16'], axis=0),
        n('Cast', ['weights16'], ['weights'], to=TensorProto.FLOAT),
    ]
    acc = None
    for k in range(K):
        nodes += [
            n('Gather', ['concepts', f'k{k}'], [f'c{k}'], axis=2),
            n('Gather', ['weights', f'k{k}'], [f'w{k}'], axis=2),
            n('Gather', ['concept_int8', f'c{k}'], [f'rq{k}'], axis=0),
            n('Gather', ['concept_scale', f'c{k}'], [f'rs{k}'], axis=0),
            n('Cast', [f'rq{k}'], [f'rf{k}'], to=TensorProto.FLOAT),
            n('Unsqueeze', [f'w{k}', 'axis2'], [f'w3{k}']),
            n('Mul', [f'rs{k}', f'w3{k}'], [f'sw{k}']),
            n('Mul', [f'rf{k}', f'sw{k}'], [f'v{k}']),
        ]
        if acc is None:
            acc = f'v{k}'
        else:
            nodes.append(n('Add', [acc, f'v{k}'], [f'acc{k}']))
            acc = f'acc{k}'
    nodes += [
        # sublinear term frequency: each of a token's n occurrences in the text counts (1 + ln n) / n
        n('Unsqueeze', ['input_ids', 'axis2'], ['ids_col']),
        n('Unsqueeze', ['input_ids', 'axis1'], ['ids_row']),
        n('Equal', ['ids_col', 'ids_row'], ['same_token']),
        n('Cast', ['same_token'], ['same_f'], to=TensorProto.FLOAT),
        n('Unsqueeze', ['mask_f', 'axis1'], ['mask_row']),
        n('Mul', ['same_f', 'mask_row'], ['same_valid']),
        n('ReduceSum', ['same_valid', 'axis2'], ['occurrences'], keepdims=1),
        n('Max', ['occurrences', 'one'], ['occ1']),
        n('Log', ['occ1'], ['log_occ']),
        n('Add', ['log_occ', 'one'], ['tf_num']),
        n('Div', ['tf_num', 'occ1'], ['tf_factor']),
        # ... and the factors are rescaled to sum to the token count, so that the pipeline's mean pooling
        # gives the tf-weighted mean: repetition does not shrink the text's vector against the centre
        n('Mul', ['tf_factor', 'mask3'], ['tf_valid']),
        n('ReduceSum', ['tf_valid', 'axis1'], ['tf_sum'], keepdims=1),
        n('ReduceSum', ['mask3', 'axis1'], ['n_valid'], keepdims=1),
        n('Max', ['tf_sum', 'one'], ['tf_sum1']),
        n('Div', ['n_valid', 'tf_sum1'], ['tf_rescale']),
        n('Mul', ['tf_factor', 'tf_rescale'], ['tf_weight']),
        n('Mul', [acc, 'tf_weight'], ['weighted']),
        n('Gather', ['lang_center', 'lang'], ['center'], axis=0),  # [B, 1, D]
        n('Sub', ['weighted', 'center'], ['centred']),
        n('Mul', ['centred', 'mask3'], ['last_hidden_state']),
    ]
    graph = helper.make_graph(
        nodes, 'marquee_static_multilingual',
        [helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch_size', 'sequence_length']),
         helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch_size', 'sequence_length'])],
        [helper.make_tensor_value_info('last_hidden_state', TensorProto.FLOAT, ['batch_size', 'sequence_length', D])],
        inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='marquee-tools-model')
    m.ir_version = 8
    onnx.checker.check_model(m)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(m, path)


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
