"""Command line: `python -m rules_py check|batch|template|photo|self-report` (see __init__)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from . import notices
from .applicant import InputError
from .hr.tables import file_problem
from .json_io import EXIT_INVALID, check_bytes, check_jsonl, dumps


def _read_source(name: str, stdin: BinaryIO) -> bytes:
    if name == "-":
        return stdin.read()
    return Path(name).read_bytes()


def cmd_check(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO) -> int:
    try:
        data = _read_source(args.file, stdin)
    except OSError as exc:
        stdout.write(dumps(InputError("$", file_problem(args.file, exc)).to_dict()))
        return EXIT_INVALID
    if args.jsonl:
        stdout.write(check_jsonl(data))
        return 0
    output, code = check_bytes(data)
    stdout.write(output)
    return code


def cmd_batch(args: argparse.Namespace, stderr: TextIO) -> int:
    from .hr.batch import run_file

    show = args.progress or stderr.isatty()
    return run_file(Path(args.file), Path(args.output), stderr, show)


def cmd_template(args: argparse.Namespace, stderr: TextIO) -> int:
    from .hr.template import csv_template, xlsx_template

    target = Path(args.output)
    data = xlsx_template() if target.suffix.lower() == ".xlsx" else csv_template()
    try:
        target.write_bytes(data)
    except OSError as exc:
        stderr.write(f"错误：{file_problem(target, exc)}\n")
        return EXIT_INVALID
    stderr.write(f"模板已写入 {target}\n")
    return 0


def cmd_photo(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO) -> int:
    from .photo import check_photo

    try:
        data = _read_source(args.file, stdin)
    except OSError as exc:
        stdout.write(dumps(InputError("$", file_problem(args.file, exc)).to_dict()))
        return EXIT_INVALID
    result = check_photo(data, Path(args.file).name if args.file != "-" else "")
    stdout.write(dumps(result))
    return 0 if result["ok"] else 1


def cmd_self_report(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO) -> int:
    from .self_report import count

    try:
        text = _read_source(args.file, stdin).decode("utf-8-sig")
    except OSError as exc:
        stdout.write(dumps(InputError("$", file_problem(args.file, exc)).to_dict()))
        return EXIT_INVALID
    except UnicodeDecodeError:
        stdout.write(dumps(InputError("$", f"{args.file} 不是 UTF-8 文本").to_dict()))
        return EXIT_INVALID
    result = count(text)
    stdout.write(dumps(result))
    return 0 if result["ok"] else 1


class _Parser(argparse.ArgumentParser):
    """argparse with a Chinese lead-in for usage errors (exit code 2, no traceback)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"参数有误：{message}\n（运行 python -m rules_py -h 查看用法）\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="python -m rules_py",
        description=f"{notices.current().number} 高级工程师申报条件自查",
    )
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查一名申报人（JSON），结果输出到标准输出")
    check.add_argument("file", help="JSON 文件，或 - 表示标准输入")
    check.add_argument(
        "--jsonl", action="store_true", help="每行一个 JSON，每行输出 {exit, output}"
    )
    batch = sub.add_parser("batch", help="批量检查人员名单（CSV 或 xlsx）")
    batch.add_argument("file", help="人员名单 .csv 或 .xlsx")
    batch.add_argument(
        "-o",
        "--output",
        required=True,
        help="结果文件 .csv、.xlsx 或 .db（SQLite，可用 datasette 打开）",
    )
    batch.add_argument("--progress", action="store_true", help="在标准错误输出显示进度条")
    template = sub.add_parser("template", help="生成批量检查模板")
    template.add_argument("-o", "--output", required=True, help="模板文件 .csv 或 .xlsx")
    photo = sub.add_parser("photo", help="检查证件照（附件2 二.1）")
    photo.add_argument("file")
    report = sub.add_parser("self-report", help="统计本人述职字数（附件2 二.3）")
    report.add_argument("file")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    stdin, stdout, stderr = sys.stdin.buffer, sys.stdout, sys.stderr
    if args.command == "check":
        return cmd_check(args, stdin, stdout)
    if args.command == "batch":
        return cmd_batch(args, stderr)
    if args.command == "template":
        return cmd_template(args, stderr)
    if args.command == "photo":
        return cmd_photo(args, stdin, stdout)
    return cmd_self_report(args, stdin, stdout)


def _utf8_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8")


def entry() -> int:
    _utf8_stdout()
    try:
        return main()
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        return 130
