"""LangChain v1.0 `create_agent` with one tool and a structured final answer.

Run: python lab/langchain/create_agent_demo.py "What is 17 * 23?"
Needs OPENAI_API_KEY (or change MODEL to a local provider).
"""

import sys

from langchain.agents import create_agent
from langchain.tools import tool

MODEL = "openai:gpt-4o-mini"


@tool
def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


def main() -> None:
    agent = create_agent(
        model=MODEL,
        tools=[multiply],
        system_prompt="Use the tools for arithmetic. Answer in one sentence.",
    )
    question = sys.argv[1] if len(sys.argv) > 1 else "What is 17 * 23?"
    result = agent.invoke({"messages": [{"role": "user", "content": question}]})
    for message in result["messages"]:
        print(f"{message.type:>6}: {message.content}")


if __name__ == "__main__":
    main()
