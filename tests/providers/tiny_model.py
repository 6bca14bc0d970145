"""A tiny random-weight chat model in GGUF, written with the ``gguf`` package (under 1 MB).

A llama-architecture model (2 blocks, width 32) with a byte-level BPE vocabulary:
the 128 ASCII bytes in GPT-2's byte-to-unicode spelling, a few hundred English
words with every prefix of each (so that the merges always land on a token), and
the ChatML control tokens. Its chat template is written here, in the ChatML-with-
tools convention (``<tools>`` in the system turn, ``<tool_call>`` JSON in the
answer), so llama-server's template analysis finds how it calls tools. The
weights are random (seeded); rows of the output matrix for words are scaled up,
so that what it says is word salad rather than byte noise. Nothing is downloaded.
"""

from __future__ import annotations

from pathlib import Path

WORDS = (
    "the a an and or but if then so of to in on at by for with from as is are was were be "
    "been it this that these those there here what which who when where why how all any each "
    "few more most other some such no not only own same than too very can will just should now "
    "sky blue sea green red light sun moon star cloud rain wind snow day night time year city "
    "country river mountain road house tree flower bird cat dog fish horse people name world "
    "water fire earth stone paper book word story song music color number small large long "
    "short new old good great high little big warm cold fast slow happy quiet bright dark soft "
    "say make go know take see come think look want give use find tell ask work call try need "
    "feel become leave put mean keep let begin seem help talk turn start show hear play run move "
    "live believe hold bring write sit stand lose pay meet include continue set learn change lead "
    "France Paris Tokyo Japan Spain Rome weather answer question because scattering"
).split()

CHAT_TEMPLATE = """\
{%- if tools %}<|im_start|>system
{% if messages[0].role == 'system' %}{{ messages[0].content }}

{% endif %}You may call one or more functions. Their signatures are in <tools></tools>:
<tools>
{% for tool in tools %}{{ tool | tojson }}
{% endfor %}</tools>
For each call, answer with a JSON object holding the name and the arguments, inside \
<tool_call></tool_call> tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call><|im_end|>
{% elif messages[0].role == 'system' %}<|im_start|>system
{{ messages[0].content }}<|im_end|>
{% endif %}
{%- for message in messages %}
{%- if message.role == 'user' or (message.role == 'system' and not loop.first) %}\
<|im_start|>{{ message.role }}
{{ message.content }}<|im_end|>
{% elif message.role == 'assistant' %}<|im_start|>assistant
{% if message.content %}{{ message.content }}{% endif %}
{%- if message.tool_calls %}{% for call in message.tool_calls %}
{%- set function = call.function if call.function is defined else call %}
<tool_call>
{"name": "{{ function.name }}", "arguments": \
{% if function.arguments is string %}{{ function.arguments }}\
{% else %}{{ function.arguments | tojson }}{% endif %}}
</tool_call>
{%- endfor %}{% endif %}<|im_end|>
{% elif message.role == 'tool' %}<|im_start|>user
<tool_response>
{{ message.content }}
</tool_response><|im_end|>
{% endif %}
{%- endfor %}
{%- if add_generation_prompt %}<|im_start|>assistant
{% endif %}"""

SPECIALS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
#: Tags spelled as one token each, so that a request can nudge a random model to call a
#: tool (``logit_bias`` on the opening tag and on the newline after it, which is what
#: commits the server's grammar to a call, whose JSON it then writes). The server wants
#: the tags as single tokens ("preserved tokens") for its lazy grammar triggers.
TAGS = ("<tool_call>", "</tool_call>")
WIDTH, LAYERS, HEADS, FFN, CONTEXT = 32, 2, 2, 64, 4096


def _byte_spelling() -> dict[int, str]:
    """GPT-2's reversible map of bytes to printable characters (its ``bytes_to_unicode``)."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    spelling, extra = {}, 0
    for byte in range(256):
        if byte in printable:
            spelling[byte] = chr(byte)
        else:
            spelling[byte] = chr(256 + extra)
            extra += 1
    return spelling


def vocabulary() -> tuple[list[str], list[str], set[int]]:
    """The tokens, the merges and the indexes of the word tokens."""
    spelling = _byte_spelling()
    tokens = [spelling[byte] for byte in range(128)]
    merges: list[str] = []
    words: set[int] = set()
    known = set(tokens)
    for word in WORDS:
        text = spelling[ord(" ")] + word
        for end in range(2, len(text) + 1):
            prefix = text[:end]
            if prefix not in known:
                known.add(prefix)
                tokens.append(prefix)
                merges.append(f"{text[:end - 1]} {text[end - 1]}")
        words.add(tokens.index(text))
    return [*tokens, *TAGS, *SPECIALS], merges, words


def token_id(text: str) -> int:
    """The id of a token of the vocabulary (for ``logit_bias``); one ASCII character is
    its byte's token (the first 128 tokens are the bytes, in order)."""
    if len(text) == 1 and text.isascii():
        return ord(text)
    return vocabulary()[0].index(text)


def write_model(path: Path, seed: int = 0) -> Path:
    """Write the model to ``path`` and return it."""
    import gguf
    import numpy as np

    tokens, merges, words = vocabulary()
    rng = np.random.default_rng(seed)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("chunkwise-tiny-random")
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(WIDTH)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FFN)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(WIDTH // HEADS)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    types = [gguf.TokenType.NORMAL] * (len(tokens) - len(SPECIALS) - len(TAGS))
    writer.add_token_types([*types, *[gguf.TokenType.USER_DEFINED] * len(TAGS),
                            *[gguf.TokenType.CONTROL] * len(SPECIALS)])
    writer.add_token_merges(merges)
    writer.add_bos_token_id(tokens.index("<|endoftext|>"))
    writer.add_eos_token_id(tokens.index("<|im_end|>"))
    writer.add_add_bos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)

    def weights(*shape: int, scale: float = 0.3) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    output = weights(len(tokens), WIDTH, scale=0.05)
    output[sorted(words)] *= 60  # words, not byte noise
    writer.add_tensor("token_embd.weight", weights(len(tokens), WIDTH))
    writer.add_tensor("output_norm.weight", np.ones(WIDTH, dtype=np.float32))
    writer.add_tensor("output.weight", output)
    for block in range(LAYERS):
        name = f"blk.{block}."
        writer.add_tensor(name + "attn_norm.weight", np.ones(WIDTH, dtype=np.float32))
        for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(f"{name}{part}.weight", weights(WIDTH, WIDTH))
        writer.add_tensor(name + "ffn_norm.weight", np.ones(WIDTH, dtype=np.float32))
        writer.add_tensor(name + "ffn_gate.weight", weights(FFN, WIDTH))
        writer.add_tensor(name + "ffn_up.weight", weights(FFN, WIDTH))
        writer.add_tensor(name + "ffn_down.weight", weights(WIDTH, FFN))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
