"""Per-GPU memory of model states under ZeRO stages 0-3 (mixed precision, Adam).

Follows the ZeRO paper's accounting: 2 bytes fp16 params + 2 bytes fp16 grads
+ 12 bytes optimizer states (fp32 master params, momentum, variance) per parameter.
"""

import argparse

K_OPTIMIZER_BYTES = 12


def per_gpu_gib(params_billion: float, gpus: int, stage: int) -> float:
    psi = params_billion * 1e9
    params, grads, optim = 2 * psi, 2 * psi, K_OPTIMIZER_BYTES * psi
    if stage >= 1:
        optim /= gpus
    if stage >= 2:
        grads /= gpus
    if stage >= 3:
        params /= gpus
    return (params + grads + optim) / 2**30


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--params-billion", type=float, default=7.5)
    parser.add_argument("--gpus", type=int, default=64)
    args = parser.parse_args()
    for stage in range(4):
        print(f"ZeRO-{stage}: {per_gpu_gib(args.params_billion, args.gpus, stage):8.1f} GiB per GPU")
