#!/usr/bin/env python3
"""How often a capitalised function word inside a sentence ("which In the") is lowercase in the
ground truth: the precision a rule lowercasing it would have (docs/evaluation.md, issue #21).
  tools/case_check.py SET.jsonl   (records with ocr and gt)
"""
import json, re, difflib, sys, collections
FW = set("in is it the and of to a on at by for with as be he was that this from but or are his her not have has had an its we they there which".split())
def toks(s): return s.split()
def core(t): return re.sub(r"^\W+|\W+$", "", t)
right=wrong=other=0; ex=collections.Counter(); bad=[]
path=sys.argv[1]
for line in open(path):
    r=json.loads(line); o=toks(r['ocr']); g=toks(r['gt'])
    oc=[core(t) for t in o]; gc=[core(t) for t in g]
    sm=difflib.SequenceMatcher(None,[t.lower() for t in oc],[t.lower() for t in gc],autojunk=False)
    amap={}
    for a,b,n in sm.get_matching_blocks():
        for k in range(n): amap[a+k]=b+k
    for i in range(1,len(o)-1):
        t=oc[i]
        if not t or t.lower() not in FW or not t[0].isupper() or t.isupper() and len(t)>1: continue
        if o[i]!=t: continue  # punctuation attached
        p=o[i-1]; n=oc[i+1]
        if not re.fullmatch(r"[a-z]+", p): continue   # prev lowercase word, no punctuation
        if not n or not n[0].islower(): continue
        j=amap.get(i)
        if j is None: other+=1; continue
        if gc[j]==t.lower(): right+=1; ex[t]+=1
        elif gc[j]==t: wrong+=1; bad.append(" ".join(g[max(0,j-3):j+3]))
        else: other+=1
print(path.split('/')[-1], "right",right,"wrong",wrong,"unaligned/other",other, ex.most_common(8))
for b in bad[:8]: print("   wrong:",b)
