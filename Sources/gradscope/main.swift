import App
print("gradscope")
