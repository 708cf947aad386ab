"""Write the transformers.js model directory: config.json, tokenizer.json, tokenizer_config.json,
onnx/model.onnx (int8 table + per-row float scale; Gather -> Cast -> Mul -> * attention_mask)."""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize(table):
    scale = np.abs(table).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def write_onnx(path, q, scale):
    V, D = q.shape
    inits = [numpy_helper.from_array(q, 'table_int8'),
             numpy_helper.from_array(scale.reshape(V, 1), 'row_scale'),
             numpy_helper.from_array(np.array([2], np.int64), 'axis2')]
    nodes = [
        helper.make_node('Gather', ['table_int8', 'input_ids'], ['q'], axis=0),
        helper.make_node('Gather', ['row_scale', 'input_ids'], ['s'], axis=0),
        helper.make_node('Cast', ['q'], ['qf'], to=TensorProto.FLOAT),
        helper.make_node('Mul', ['qf', 's'], ['emb']),
        helper.make_node('Unsqueeze', ['attention_mask', 'axis2'], ['mask3']),
        helper.make_node('Cast', ['mask3'], ['maskf'], to=TensorProto.FLOAT),
        helper.make_node('Mul', ['emb', 'maskf'], ['last_hidden_state']),
    ]
    graph = helper.make_graph(
        nodes, 'marquee_static_embedding',
        [helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch_size', 'sequence_length']),
         helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch_size', 'sequence_length'])],
        [helper.make_tensor_value_info('last_hidden_state', TensorProto.FLOAT, ['batch_size', 'sequence_length', D])],
        inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], producer_name='marquee-tools-model')
    m.ir_version = 7
    onnx.checker.check_model(m)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(m, path)


def write_tokenizer(outdir, vocab, max_len=512):
    special = lambda i, t: {'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
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
        json.dump(tok, f, ensure_ascii=False)
    cfg = {'tokenizer_class': 'BertTokenizer', 'model_max_length': max_len, 'do_lower_case': True,
           'strip_accents': True, 'tokenize_chinese_chars': True, 'pad_token': '[PAD]', 'unk_token': '[UNK]',
           'clean_up_tokenization_spaces': True, 'padding_side': 'right'}
    with open(os.path.join(outdir, 'tokenizer_config.json'), 'w', encoding='utf-8') as f:
        json.dump(cfg, f, indent=2)


def write_config(outdir, V, D, extra):
    cfg = {'model_type': 'bert', 'architectures': ['BertModel'], 'hidden_size': D, 'vocab_size': V,
           'max_position_embeddings': 512, 'pad_token_id': 0,
           'marquee': dict(extra, kind='static-embedding (model2vec-style)', pooling='mean', normalize=True)}
    with open(os.path.join(outdir, 'config.json'), 'w', encoding='utf-8') as f:
        json.dump(cfg, f, indent=2)


def export(outdir, vocab, table, extra):
    os.makedirs(os.path.join(outdir, 'onnx'), exist_ok=True)
    q, s = quantize(table)
    write_onnx(os.path.join(outdir, 'onnx', 'model.onnx'), q, s)
    write_tokenizer(outdir, vocab)
    write_config(outdir, len(vocab), table.shape[1], extra)
    return q, s
