"""The site as a whole: commands that span every area (`demo`, `serve`).

It sits above all nine areas (import-linter's layers contract), so it may import each of them;
no area imports it.
"""
