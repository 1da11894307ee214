"""Shared language tool of every stage: pinyin of Chinese text, with the domain's readings of polyphonic characters."""
