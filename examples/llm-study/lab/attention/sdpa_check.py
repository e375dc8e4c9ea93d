"""Hand-written scaled dot-product attention vs. torch's fused kernel.

Checks the two agree, and shows what happens to the softmax without the 1/sqrt(d_k) scale.
"""

import math

import torch
import torch.nn.functional as F


def naive_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        n = scores.size(-1)
        mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(mask, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


if __name__ == "__main__":
    torch.manual_seed(0)
    q, k, v = (torch.randn(2, 4, 128, 64) for _ in range(3))
    for causal in (False, True):
        ours = naive_attention(q, k, v, causal)
        ref = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        print(f"causal={causal} max abs diff={(ours - ref).abs().max().item():.2e}")

    d = 512
    x = torch.randn(d) @ torch.randn(d, 8)
    print("unscaled softmax max:", torch.softmax(x, -1).max().item())
    print("scaled softmax max:  ", torch.softmax(x / math.sqrt(d), -1).max().item())
