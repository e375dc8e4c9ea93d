"""Throughput and memory of vLLM's PagedAttention for a few KV block sizes.

Run: python lab/vllm/paged_attention_bench.py --model Qwen/Qwen2.5-0.5B-Instruct --block-size 16
Writes one line per run to stdout; copy the summary into RESULTS.md by hand.
"""

import argparse
import time

from vllm import LLM, SamplingParams


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="Qwen/Qwen2.5-0.5B-Instruct")
    parser.add_argument("--block-size", type=int, default=16)
    parser.add_argument("--num-prompts", type=int, default=256)
    parser.add_argument("--max-tokens", type=int, default=256)
    args = parser.parse_args()

    llm = LLM(model=args.model, block_size=args.block_size, gpu_memory_utilization=0.85)
    prompts = [f"Explain paged attention, take {i}." for i in range(args.num_prompts)]
    params = SamplingParams(temperature=0.0, max_tokens=args.max_tokens)

    start = time.perf_counter()
    outputs = llm.generate(prompts, params)
    elapsed = time.perf_counter() - start

    generated = sum(len(o.outputs[0].token_ids) for o in outputs)
    print(f"block_size={args.block_size} prompts={len(prompts)} "
          f"tokens={generated} tok/s={generated / elapsed:.1f} elapsed={elapsed:.2f}s")


if __name__ == "__main__":
    main()
