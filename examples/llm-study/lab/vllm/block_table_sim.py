"""A toy block table: how many KV blocks a batch needs, paged vs. contiguous.

No GPU needed. It shows why internal fragmentation is bounded by one block per sequence.
"""

import math


def blocks_needed(seq_len: int, block_size: int) -> int:
    return math.ceil(seq_len / block_size)


def wasted_slots_paged(seq_lens: list[int], block_size: int) -> int:
    return sum(blocks_needed(n, block_size) * block_size - n for n in seq_lens)


def wasted_slots_contiguous(seq_lens: list[int], max_len: int) -> int:
    # A contiguous allocator reserves max_len slots for every sequence up front.
    return sum(max_len - n for n in seq_lens)


if __name__ == "__main__":
    lens = [37, 512, 129, 2048, 5]
    for block in (8, 16, 32):
        print(f"block={block:>2} paged waste={wasted_slots_paged(lens, block):>5} slots")
    print(f"contiguous waste={wasted_slots_contiguous(lens, 4096)} slots")
