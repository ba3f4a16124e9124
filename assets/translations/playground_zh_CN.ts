<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActivationExplorer</name>
    <message>
        <source>Activation explorer</source>
        <translation>激活函数浏览器</translation>
    </message>
    <message>
        <source>f(x)</source>
        <translation>f(x)</translation>
    </message>
    <message>
        <source>f′(x)</source>
        <translation>f′(x)</translation>
    </message>
    <message>
        <source>closed form</source>
        <translation>闭式</translation>
    </message>
    <message>
        <source>autograd</source>
        <translation>自动求导</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Leaky slope γ</source>
        <translation>Leaky 斜率 γ</translation>
    </message>
    <message>
        <source>ELU α</source>
        <translation>ELU α</translation>
    </message>
    <message>
        <source>f(x) = {0}    f′(x) = {1}</source>
        <translation>f(x) = {0}    f′(x) = {1}</translation>
    </message>
    <message>
        <source>{0} has no closed-form derivative in the table: autograd only.</source>
        <translation>{0} 在表中没有闭式导数：只用自动求导。</translation>
    </message>
    <message>
        <source>Closed form against autograd: largest difference {0:.3g} over {1} points in [{2:g}, {3:g}].</source>
        <translation>闭式导数与自动求导对比：在 [{2:g}, {3:g}] 内的 {1} 个点上最大差值为 {0:.3g}。</translation>
    </message>
</context>
<context>
    <name>BackpropPanel</name>
    <message>
        <source>Training-set row to step through</source>
        <translation>要逐步演示的训练集样本行</translation>
    </message>
    <message>
        <source>The neuron whose formula is shown</source>
        <translation>显示其公式的神经元</translation>
    </message>
    <message>
        <source>Step through</source>
        <translation>逐步演示</translation>
    </message>
    <message>
        <source>◀ Back (B)</source>
        <translation>◀ 后退 (B)</translation>
    </message>
    <message>
        <source>Next (N) ▶</source>
        <translation>下一步 (N) ▶</translation>
    </message>
    <message>
        <source>Leave (Esc)</source>
        <translation>退出 (Esc)</translation>
    </message>
    <message>
        <source>Pick a sample: its row number, or click a training point on the plot. Keys: N next step, B back, Esc leave.</source>
        <translation>选择一个样本：输入行号，或在图上点击一个训练点。按键：N 下一步，B 后退，Esc 退出。</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Cannot step through: {0}</source>
        <translation>无法逐步演示：{0}</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Not stepping</source>
        <translation>未在逐步演示</translation>
    </message>
    <message>
        <source>Step {0} of {1}: {2}</source>
        <translation>第 {0} 步，共 {1} 步：{2}</translation>
    </message>
</context>
<context>
    <name>BackpropSteps</name>
    <message>
        <source>The sample enters the network</source>
        <translation>样本进入网络</translation>
    </message>
    <message>
        <source>Forward pass: layer {0} of {1}</source>
        <translation>正向传播：第 {0} 层，共 {1} 层</translation>
    </message>
    <message>
        <source>The loss of this sample</source>
        <translation>该样本的损失</translation>
    </message>
    <message>
        <source>Backward pass: layer {0} of {1}</source>
        <translation>反向传播：第 {0} 层，共 {1} 层</translation>
    </message>
    <message>
        <source>The update: one step on a batch of this sample</source>
        <translation>更新：在只含该样本的批量上走一步</translation>
    </message>
    <message>
        <source>… ({0} terms)</source>
        <translation>…（共 {0} 项）</translation>
    </message>
    <message>
        <source>a&lt;sup&gt;1&lt;/sup&gt; = x = ({0})&lt;br&gt;target y = ({1})</source>
        <translation>a&lt;sup&gt;1&lt;/sup&gt; = x = ({0})&lt;br&gt;目标 y = ({1})</translation>
    </message>
    <message>
        <source>z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = Σ&lt;sub&gt;j&lt;/sub&gt; w&lt;sub&gt;{0}j&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; a&lt;sub&gt;j&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; + b&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; = {3} + {4} = &lt;b&gt;{5}&lt;/b&gt;&lt;br&gt;a&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = {6}({5}) = &lt;b&gt;{7}&lt;/b&gt;</source>
        <translation>z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = Σ&lt;sub&gt;j&lt;/sub&gt; w&lt;sub&gt;{0}j&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; a&lt;sub&gt;j&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; + b&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; = {3} + {4} = &lt;b&gt;{5}&lt;/b&gt;&lt;br&gt;a&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = {6}({5}) = &lt;b&gt;{7}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>f′(z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) = {2}</source>
        <translation>f′(z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) = {2}</translation>
    </message>
    <message>
        <source>δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = ∂L/∂a&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; · f′(z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) = {2} × {3} = &lt;b&gt;{4}&lt;/b&gt;</source>
        <translation>δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = ∂L/∂a&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; · f′(z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) = {2} × {3} = &lt;b&gt;{4}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = (Σ&lt;sub&gt;k&lt;/sub&gt; δ&lt;sub&gt;k&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; w&lt;sub&gt;k{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) · f′(z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) = ({3}) × {4} = {5} × {4} = &lt;b&gt;{6}&lt;/b&gt;</source>
        <translation>δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = (Σ&lt;sub&gt;k&lt;/sub&gt; δ&lt;sub&gt;k&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; w&lt;sub&gt;k{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) · f′(z&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;) = ({3}) × {4} = {5} × {4} = &lt;b&gt;{6}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>∂L/∂w&lt;sub&gt;{0}j&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; a&lt;sub&gt;j&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = ({3})&lt;br&gt;∂L/∂b&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; = {4}</source>
        <translation>∂L/∂w&lt;sub&gt;{0}j&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; a&lt;sub&gt;j&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = ({3})&lt;br&gt;∂L/∂b&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; = δ&lt;sub&gt;{0}&lt;/sub&gt;&lt;sup&gt;{2}&lt;/sup&gt; = {4}</translation>
    </message>
    <message>
        <source>with the penalty: ∂J/∂w = ∂L/∂w + λ&lt;sub&gt;2&lt;/sub&gt; w + λ&lt;sub&gt;1&lt;/sub&gt; sign(w) = ({0}); ∂J/∂b = {1}</source>
        <translation>加上惩罚项：∂J/∂w = ∂L/∂w + λ&lt;sub&gt;2&lt;/sub&gt; w + λ&lt;sub&gt;1&lt;/sub&gt; sign(w) = ({0})；∂J/∂b = {1}</translation>
    </message>
    <message>
        <source>L = {0}(a&lt;sup&gt;L&lt;/sup&gt; = ({1}), y = ({2})) = &lt;b&gt;{3}&lt;/b&gt;</source>
        <translation>L = {0}(a&lt;sup&gt;L&lt;/sup&gt; = ({1}), y = ({2})) = &lt;b&gt;{3}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>∂L/∂a&lt;sup&gt;L&lt;/sup&gt; = ({0})</source>
        <translation>∂L/∂a&lt;sup&gt;L&lt;/sup&gt; = ({0})</translation>
    </message>
    <message>
        <source>s = λ&lt;sub&gt;1&lt;/sub&gt; Σ|w| + λ&lt;sub&gt;2&lt;/sub&gt;/2 Σw&lt;sup&gt;2&lt;/sup&gt; = {0}; J = L + s = &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>s = λ&lt;sub&gt;1&lt;/sub&gt; Σ|w| + λ&lt;sub&gt;2&lt;/sub&gt;/2 Σw&lt;sup&gt;2&lt;/sup&gt; = {0}; J = L + s = &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>w&lt;sub&gt;{0}1&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; ← {2} − {3} × {4} = &lt;b&gt;{5}&lt;/b&gt;</source>
        <translation>w&lt;sub&gt;{0}1&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt; ← {2} − {3} × {4} = &lt;b&gt;{5}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>w&lt;sub&gt;{0}1&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;: {2} → &lt;b&gt;{3}&lt;/b&gt; ({4} step, gradient {5})</source>
        <translation>w&lt;sub&gt;{0}1&lt;/sub&gt;&lt;sup&gt;{1}&lt;/sup&gt;：{2} → &lt;b&gt;{3}&lt;/b&gt;（{4} 的一步，梯度 {5}）</translation>
    </message>
    <message>
        <source>w ← w − η ∂J/∂w, η = {0}</source>
        <translation>w ← w − η ∂J/∂w，η = {0}</translation>
    </message>
</context>
<context>
    <name>BinaryCurves</name>
    <message>
        <source>Threshold t: a row is called class 1 when its probability p1 ≥ t</source>
        <translation>阈值 t：概率 p1 ≥ t 的样本判为类别 1</translation>
    </message>
    <message>
        <source>Precision = TP / (TP + FP)
Recall = TPR = TP / (TP + FN)
F1 = 2 TP / (2 TP + FP + FN)
FPR = FP / (FP + TN)</source>
        <translation>精确率 = TP / (TP + FP)
召回率 = TPR = TP / (TP + FN)
F1 = 2 TP / (2 TP + FP + FN)
FPR = FP / (FP + TN)</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>False positive rate</source>
        <translation>假正例率</translation>
    </message>
    <message>
        <source>True positive rate</source>
        <translation>真正例率</translation>
    </message>
    <message>
        <source>Precision-recall curve: (recall, precision) at every threshold; average precision = Σ (Rₙ − Rₙ₋₁) Pₙ</source>
        <translation>P-R 曲线：每个阈值下的（召回率，精确率）；平均精确率 = Σ (Rₙ − Rₙ₋₁) Pₙ</translation>
    </message>
    <message>
        <source>ROC curve: (FPR, TPR) at every threshold; AUC is the area under it (0.5: chance, 1: perfect)</source>
        <translation>ROC 曲线：每个阈值下的 (FPR, TPR)；AUC 是曲线下的面积（0.5：随机猜测，1：完美）</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>No rows to score.</source>
        <translation>没有可评估的样本。</translation>
    </message>
    <message>
        <source>At t = {0}: precision {1}, recall {2}, F1 {3}, FPR {4} (TP {5}, FP {6}, FN {7}, TN {8}); average precision {9}, ROC AUC {10}</source>
        <translation>t = {0} 时：精确率 {1}，召回率 {2}，F1 {3}，FPR {4}（TP {5}，FP {6}，FN {7}，TN {8}）；平均精确率 {9}，ROC AUC {10}</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <source>Show test data</source>
        <translation>显示测试数据</translation>
    </message>
    <message>
        <source>Draw the test points (outlined) over the training points.</source>
        <translation>在训练数据上画出测试数据点（空心）。</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>离散化输出</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>layer {0}, neuron {1}</source>
        <translation>第 {0} 层，神经元 {1}</translation>
    </message>
    <message>
        <source>feature {0}</source>
        <translation>特征 {0}</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>ComputationGraphView</name>
    <message>
        <source>d2l 4.7: the computation graph of a one-hidden-layer network with an L2 penalty; values forward, dJ/d(node) backward</source>
        <translation>d2l 4.7：带 L2 惩罚项的单隐藏层网络的计算图；正向标数值，反向标 dJ/d(节点)</translation>
    </message>
</context>
<context>
    <name>CurveView</name>
    <message>
        <source>&lt;span style=&quot;color:{0}; font-weight:bold&quot;&gt;━&lt;/span&gt; network&amp;nbsp;&amp;nbsp; &lt;span style=&quot;color:{1}; font-weight:bold&quot;&gt;┅&lt;/span&gt; true function&amp;nbsp;&amp;nbsp; &lt;span style=&quot;color:{2}&quot;&gt;●&lt;/span&gt; training data&amp;nbsp;&amp;nbsp; &lt;span style=&quot;color:{2}&quot;&gt;◉&lt;/span&gt; test data</source>
        <translation>&lt;span style=&quot;color:{0}; font-weight:bold&quot;&gt;━&lt;/span&gt; 网络&amp;nbsp;&amp;nbsp; &lt;span style=&quot;color:{1}; font-weight:bold&quot;&gt;┅&lt;/span&gt; 真实函数&amp;nbsp;&amp;nbsp; &lt;span style=&quot;color:{2}&quot;&gt;●&lt;/span&gt; 训练数据&amp;nbsp;&amp;nbsp; &lt;span style=&quot;color:{2}&quot;&gt;◉&lt;/span&gt; 测试数据</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>显示测试数据</translation>
    </message>
</context>
<context>
    <name>DataInset</name>
    <message>
        <source>least squares: y = {0:.3g} x + {1:.3g}</source>
        <translation>最小二乘：y = {0:.3g} x + {1:.3g}</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Ratio of training to test data</source>
        <translation>训练数据与测试数据之比</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Examples per gradient step (a minibatch); an epoch is n / batch steps.</source>
        <translation>每一步梯度下降所用的样本数（小批量）；一个迭代周期为 n / 批量大小 步。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>New random data (and initial weights): the seed goes up by 1</source>
        <translation>新的随机数据（以及初始权重）：随机种子加 1</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <source>Seeds the data, the split, the initial weights and the batches</source>
        <translation>决定数据、划分、初始权重和小批量的随机种子</translation>
    </message>
    <message>
        <source>Draw points</source>
        <translation>画点</translation>
    </message>
    <message>
        <source>Click or drag on the output to add points of the chosen class; right-click to erase</source>
        <translation>在输出图上点击或拖动以添加所选类别的点；右键擦除</translation>
    </message>
    <message>
        <source>Class of the points you draw</source>
        <translation>所画点的类别</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove every drawn point</source>
        <translation>删除所有手画的点</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Which dataset do you want to use?</source>
        <translation>使用哪个数据集？</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <source>Spread added to the generated points</source>
        <translation>加到生成数据点上的噪声幅度</translation>
    </message>
    <message>
        <source>This dataset is measured or drawn: it has no noise setting.</source>
        <translation>这个数据集是实测的或手绘的：没有噪声设置。</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>Dataset: {0}</source>
        <translation>数据集：{0}</translation>
    </message>
    <message>
        <source>Folder with IDX files</source>
        <translation>含 IDX 文件的文件夹</translation>
    </message>
    <message>
        <source>Open a CSV table</source>
        <translation>打开 CSV 表格</translation>
    </message>
    <message>
        <source>CSV table (*.csv *.tsv *.txt)</source>
        <translation>CSV 表格 (*.csv *.tsv *.txt)</translation>
    </message>
    <message>
        <source>Training share {0:.0%}</source>
        <translation>训练集占比 {0:.0%}</translation>
    </message>
    <message>
        <source>Noise {0:.2f}</source>
        <translation>噪声 {0:.2f}</translation>
    </message>
    <message>
        <source>Batch size {0:g}</source>
        <translation>批量大小 {0:g}</translation>
    </message>
    <message>
        <source>Samples {0:g}</source>
        <translation>样本数 {0:g}</translation>
    </message>
    <message>
        <source>Regenerate data</source>
        <translation>重新生成数据</translation>
    </message>
    <message>
        <source>Seed {0}</source>
        <translation>随机种子 {0}</translation>
    </message>
    <message numerus="yes">
        <source>Erase %n point(s)</source>
        <translation>
            <numerusform>擦除 %n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear drawn points</source>
        <translation>清除手画的点</translation>
    </message>
</context>
<context>
    <name>DivergedBanner</name>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start over with fresh weights (lower the learning rate first)</source>
        <translation>用新的权重重新开始（先调低学习率）</translation>
    </message>
    <message>
        <source>The network has stopped learning: its outputs are saturated (the same value for every input). Lower the learning rate and reset.</source>
        <translation>网络已停止学习：输出已饱和（对每个输入都给出相同的值）。请降低学习率并重置。</translation>
    </message>
    <message>
        <source>The network has stopped learning: its gradients are near zero (dead units). Lower the learning rate and reset.</source>
        <translation>网络已停止学习：梯度接近于零（神经元失活）。请降低学习率并重置。</translation>
    </message>
    <message>
        <source>Training diverged: {0}</source>
        <translation>训练发散：{0}</translation>
    </message>
    <message>
        <source>Cannot train: {0}</source>
        <translation>无法训练：{0}</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>Experiments (*.json *.toml);;JSON (*.json);;TOML (*.toml)</source>
        <translation>实验 (*.json *.toml);;JSON (*.json);;TOML (*.toml)</translation>
    </message>
    <message>
        <source>The experiment has unsaved changes. Save them first?</source>
        <translation>实验有未保存的更改。先保存吗？</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Could not open {0}:
{1}</source>
        <translation>无法打开 {0}：
{1}</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Could not save {0}:
{1}</source>
        <translation>无法保存 {0}：
{1}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>Could not open the preset {0}:
{1}</source>
        <translation>无法打开预设 {0}：
{1}</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Export weights</source>
        <translation>导出权重</translation>
    </message>
    <message>
        <source>Weights ({0})</source>
        <translation>权重 ({0})</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>Exported weights to {0}</source>
        <translation>已将权重导出到 {0}</translation>
    </message>
    <message>
        <source>Loaded weights from {0}</source>
        <translation>已从 {0} 载入权重</translation>
    </message>
    <message>
        <source>There is no data yet.</source>
        <translation>还没有数据。</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {0}:
{1}</source>
        <translation>无法写入 {0}：
{1}</translation>
    </message>
    <message>
        <source>Exported the data to {0}</source>
        <translation>已将数据导出到 {0}</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write {0}.</source>
        <translation>无法写入 {0}。</translation>
    </message>
    <message>
        <source>Saved the view to {0}</source>
        <translation>已将视图保存到 {0}</translation>
    </message>
</context>
<context>
    <name>FeaturesPanel</name>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Which properties do you want to feed in?</source>
        <translation>输入哪些特征？</translation>
    </message>
    <message numerus="yes">
        <source>All %n input columns are used (image pixels).</source>
        <translation>
            <numerusform>使用全部 %n 个输入列（图像像素）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n input columns are used.</source>
        <translation>
            <numerusform>使用全部 %n 个输入列。</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a feature to add it to the inputs or remove it.</source>
        <translation>点击一个特征，把它加入输入或移除。</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>The network needs at least one input feature.</source>
        <translation>网络至少需要一个输入特征。</translation>
    </message>
    <message>
        <source>Add feature {0}</source>
        <translation>添加特征 {0}</translation>
    </message>
    <message>
        <source>Remove feature {0}</source>
        <translation>移除特征 {0}</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <source>true value</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>No data yet.</source>
        <translation>还没有数据。</translation>
    </message>
    <message>
        <source>&lt;b&gt;test set&lt;/b&gt;: predicted against true value · waiting for the run&apos;s predictions</source>
        <translation>&lt;b&gt;测试集&lt;/b&gt;：预测值对真实值 · 等待本次训练的预测</translation>
    </message>
    <message>
        <source>This split has no test samples to show.</source>
        <translation>这种划分没有可显示的测试样本。</translation>
    </message>
    <message>
        <source>Multi-label data: see the loss chart for its progress.</source>
        <translation>多标签数据：请在损失曲线中查看训练进展。</translation>
    </message>
    <message>
        <source>&lt;b&gt;test set&lt;/b&gt;: predicted against true value · R² {0:.3f}</source>
        <translation>&lt;b&gt;测试集&lt;/b&gt;：预测值对真实值 · R² {0:.3f}</translation>
    </message>
    <message>
        <source>&lt;b&gt;confusion matrix&lt;/b&gt; (test set) · accuracy {0:.1f}%</source>
        <translation>&lt;b&gt;混淆矩阵&lt;/b&gt;（测试集）· 准确率 {0:.1f}%</translation>
    </message>
    <message>
        <source>waiting for predictions</source>
        <translation>等待预测</translation>
    </message>
    <message numerus="yes">
        <source>{0} of %n misclassified, shown first</source>
        <translation>
            <numerusform>%n 个中有 {0} 个分错，排在前面</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;test samples&lt;/b&gt; (true → predicted) · {0}</source>
        <translation>&lt;b&gt;测试样本&lt;/b&gt;（真实 → 预测）· {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;test samples&lt;/b&gt; (rows) · {0}</source>
        <translation>&lt;b&gt;测试样本&lt;/b&gt;（行）· {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;confusion matrix&lt;/b&gt; (test set)</source>
        <translation>&lt;b&gt;混淆矩阵&lt;/b&gt;（测试集）</translation>
    </message>
</context>
<context>
    <name>GradientChart</name>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>&lt;b&gt;gradient norm&lt;/b&gt; per layer (after each epoch)</source>
        <translation>各层的&lt;b&gt;梯度范数&lt;/b&gt;（每个迭代周期之后）</translation>
    </message>
    <message>
        <source>&lt;b&gt;epoch {0}&lt;/b&gt;</source>
        <translation>&lt;b&gt;迭代周期 {0}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>LandscapePage</name>
    <message>
        <source>Random, filter-normalised (Li et al.)</source>
        <translation>随机方向，按滤波器归一化（Li 等）</translation>
    </message>
    <message>
        <source>PCA of the training path</source>
        <translation>训练路径的主成分分析</translation>
    </message>
    <message>
        <source>Train a network in the Playground tab first: its loss landscape appears here.</source>
        <translation>先在“游乐场”标签页中训练一个网络：它的损失地形会显示在这里。</translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation>α（方向 1）</translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation>β（方向 2）</translation>
    </message>
    <message>
        <source>training path (projected)</source>
        <translation>训练路径（投影）</translation>
    </message>
    <message>
        <source>initial weights</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <source>current weights</source>
        <translation>当前权重</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>Half-width of the slice: 1 moves every filter by its own norm (random directions)</source>
        <translation>切片的半宽：1 表示每个滤波器移动其自身范数的距离（随机方向）</translation>
    </message>
    <message>
        <source>Span ±</source>
        <translation>范围 ±</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Compute slice</source>
        <translation>计算切片</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Random directions are scaled filter by filter to the weights&apos; own norms, so slices of different networks compare. Random directions are nearly orthogonal to the training path in high dimensions, so the projected path looks short there; PCA directions follow the path itself.</source>
        <translation>随机方向按滤波器缩放到权重自身的范数，因此不同网络的切片可以比较。在高维空间中随机方向几乎与训练路径正交，所以投影后的路径看起来很短；主成分方向则沿着路径本身。</translation>
    </message>
    <message>
        <source>Waiting for the network&apos;s first snapshot…</source>
        <translation>等待网络的第一个快照…</translation>
    </message>
    <message numerus="yes">
        <source>%n recorded weight vector(s)</source>
        <translation>
            <numerusform>已记录 %n 个权重向量</numerusform>
        </translation>
    </message>
    <message>
        <source>0 recorded weight vectors (network too big to record: dense weights only)</source>
        <translation>已记录 0 个权重向量（网络太大无法记录：只记录全连接层权重）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;{1}, hidden layers [{2}]&lt;br&gt;epoch {3}, train loss {4}&lt;br&gt;{5}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;{1}，隐藏层 [{2}]&lt;br&gt;迭代周期 {3}，训练损失 {4}&lt;br&gt;{5}</translation>
    </message>
    <message>
        <source>Press “Compute slice” to see the loss around the current weights.</source>
        <translation>按“计算切片”查看当前权重附近的损失。</translation>
    </message>
    <message>
        <source>Computing a {0} × {0} slice at epoch {1}…</source>
        <translation>正在计算迭代周期 {1} 处的 {0} × {0} 切片…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Cannot slice: {0}</source>
        <translation>无法计算切片：{0}</translation>
    </message>
    <message>
        <source>PC1 ({0:.1f}% of the path&apos;s variance)</source>
        <translation>PC1（占路径方差的 {0:.1f}%）</translation>
    </message>
    <message>
        <source>PC2 ({0:.1f}%)</source>
        <translation>PC2（{0:.1f}%）</translation>
    </message>
    <message>
        <source>α (random direction 1)</source>
        <translation>α（随机方向 1）</translation>
    </message>
    <message>
        <source>β (random direction 2)</source>
        <translation>β（随机方向 2）</translation>
    </message>
    <message>
        <source>Loss at the current weights: &lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Slice range {1} … {2}&lt;br&gt;{3} × {4} points, {5} parameters, {6:.2f} s</source>
        <translation>当前权重处的损失：&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;切片范围 {1} … {2}&lt;br&gt;{3} × {4} 个点，{5} 个参数，{6:.2f} 秒</translation>
    </message>
    <message>
        <source>Slice ready.</source>
        <translation>切片已完成。</translation>
    </message>
</context>
<context>
    <name>LayerControls</name>
    <message>
        <source>Remove this layer</source>
        <translation>删除这一层</translation>
    </message>
    <message>
        <source>Remove a neuron</source>
        <translation>减少一个神经元</translation>
    </message>
    <message>
        <source>Add a neuron</source>
        <translation>增加一个神经元</translation>
    </message>
    <message>
        <source>Neurons in this layer</source>
        <translation>这一层的神经元数</translation>
    </message>
    <message>
        <source>Activation of this layer</source>
        <translation>这一层的激活函数</translation>
    </message>
    <message>
        <source>Dropout after this layer (0: none)</source>
        <translation>这一层之后的丢弃法（0：不用）</translation>
    </message>
    <message>
        <source>no dropout</source>
        <translation>无丢弃</translation>
    </message>
    <message>
        <source>dropout </source>
        <translation>丢弃 </translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <source>Batch normalisation after this layer</source>
        <translation>这一层之后做批量归一化</translation>
    </message>
    <message>
        <source>Layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>The lessons could not be read: {0}</source>
        <translation>无法读取课程：{0}</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Open lesson {0}</source>
        <translation>打开课程 {0}</translation>
    </message>
    <message>
        <source>Section {0} of the notes</source>
        <translation>笔记第 {0} 节</translation>
    </message>
    <message>
        <source>What to try</source>
        <translation>试一试</translation>
    </message>
    <message>
        <source>Not yet in the app: {0}</source>
        <translation>应用中尚未实现：{0}</translation>
    </message>
    <message>
        <source>The reference run {0} failed: {1}</source>
        <translation>参照训练 {0} 失败：{1}</translation>
    </message>
    <message>
        <source>measuring the reference run…</source>
        <translation>正在测量参照训练…</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>尚未测量</translation>
    </message>
    <message>
        <source>now {0}</source>
        <translation>当前 {0}</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>✓ Goal reached</source>
        <translation>✓ 已达成目标</translation>
    </message>
</context>
<context>
    <name>LossChart</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>&lt;b&gt;epoch {0}&lt;/b&gt;</source>
        <translation>&lt;b&gt;迭代周期 {0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;loss&lt;/b&gt;</source>
        <translation>&lt;b&gt;损失&lt;/b&gt;</translation>
    </message>
    <message>
        <source>accuracy:&amp;nbsp;{0}</source>
        <translation>准确率：&amp;nbsp;{0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>游乐场</translation>
    </message>
    <message>
        <source>Optimizer lab</source>
        <translation>优化器实验室</translation>
    </message>
    <message>
        <source>Stability</source>
        <translation>数值稳定性</translation>
    </message>
    <message>
        <source>The optimizer lab is unavailable: {0}</source>
        <translation>优化器实验室不可用：{0}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>评估指标</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{0}[*] — {1}</source>
        <translation>{0}[*] — {1}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Cross-validation and &amp;search…</source>
        <translation>交叉验证与超参数搜索(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Backprop step-through</source>
        <translation>反向传播逐步演示(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Activation explorer…</source>
        <translation>激活函数浏览器(&amp;A)…</translation>
    </message>
    <message>
        <source>{0} panel</source>
        <translation>{0}面板</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About NN Playground</source>
        <translation>关于 NN Playground(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;preset</source>
        <translation>打开预设(&amp;P)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export weights…</source>
        <translation>导出权重(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import weights…</source>
        <translation>导入权重(&amp;I)…</translation>
    </message>
    <message>
        <source>Export data as &amp;CSV…</source>
        <translation>将数据导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Export view as P&amp;NG…</source>
        <translation>将视图导出为 PNG(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>The interface will be in {0} the next time NN Playground starts. Restart it to switch now.</source>
        <translation>下次启动 NN Playground 时界面将使用{0}。现在重启即可切换。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Space	play / pause
S or →	one step (minibatch)
E	one epoch
R	reset
Ctrl+Z	undo
Ctrl+Shift+Z	redo
Ctrl+N / O / S	new / open / save
Ctrl+Q	quit
Ctrl+B	backprop step-through: N next, B back, Esc leave</source>
        <translation>Space	开始 / 暂停
S 或 →	走一步（一个小批量）
E	一个迭代周期
R	重置
Ctrl+Z	撤销
Ctrl+Shift+Z	重做
Ctrl+N / O / S	新建 / 打开 / 保存
Ctrl+Q	退出
Ctrl+B	反向传播逐步演示：N 下一步，B 后退，Esc 退出</translation>
    </message>
    <message>
        <source>&lt;b&gt;NN Playground&lt;/b&gt;&lt;p&gt;Build neural networks and watch them learn: TensorFlow Playground, native and torch-based.&lt;/p&gt;</source>
        <translation>&lt;b&gt;NN Playground&lt;/b&gt;&lt;p&gt;搭建神经网络，看它如何学习：原生桌面版、基于 torch 的 TensorFlow Playground。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MetricPages</name>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>Mean absolute error: (1/n) Σ |yᵢ − ŷᵢ|, in the target&apos;s units</source>
        <translation>平均绝对误差：(1/n) Σ |yᵢ − ŷᵢ|，单位与目标值相同</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>Mean squared error: (1/n) Σ (yᵢ − ŷᵢ)², in the target&apos;s units squared</source>
        <translation>均方误差：(1/n) Σ (yᵢ − ŷᵢ)²，单位为目标值单位的平方</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>Root mean squared error: √MSE, in the target&apos;s units</source>
        <translation>均方根误差：√MSE，单位与目标值相同</translation>
    </message>
    <message>
        <source>MAPE</source>
        <translation>MAPE</translation>
    </message>
    <message>
        <source>Mean absolute percentage error: (1/n) Σ |(yᵢ − ŷᵢ) / yᵢ| × 100 %</source>
        <translation>平均绝对百分比误差：(1/n) Σ |(yᵢ − ŷᵢ) / yᵢ| × 100 %</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>Coefficient of determination: 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)²</source>
        <translation>决定系数：1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)²</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Accuracy: rows whose predicted class (the most probable) is the true class / all rows</source>
        <translation>准确率：预测类别（概率最大者）等于真实类别的样本数 / 全部样本数</translation>
    </message>
    <message>
        <source>Top-k accuracy</source>
        <translation>Top-k 准确率</translation>
    </message>
    <message>
        <source>Top-k accuracy: rows whose true class is among the k most probable classes / all rows</source>
        <translation>Top-k 准确率：真实类别位于概率最大的 k 个类别之中的样本数 / 全部样本数</translation>
    </message>
    <message>
        <source>Exact match</source>
        <translation>精确匹配率</translation>
    </message>
    <message>
        <source>Exact match ratio: (1/n) Σ [ŷᵢ = yᵢ], every label right</source>
        <translation>精确匹配率：(1/n) Σ [ŷᵢ = yᵢ]，所有标签都对</translation>
    </message>
    <message>
        <source>0-1 loss</source>
        <translation>0-1 损失</translation>
    </message>
    <message>
        <source>0-1 loss: 1 − exact match ratio</source>
        <translation>0-1 损失：1 − 精确匹配率</translation>
    </message>
    <message>
        <source>Jaccard accuracy</source>
        <translation>Jaccard 准确率</translation>
    </message>
    <message>
        <source>Accuracy (Jaccard): (1/n) Σ |yᵢ ∩ ŷᵢ| / |yᵢ ∪ ŷᵢ|</source>
        <translation>准确率（Jaccard）：(1/n) Σ |yᵢ ∩ ŷᵢ| / |yᵢ ∪ ŷᵢ|</translation>
    </message>
    <message>
        <source>Precision (samples)</source>
        <translation>精确率（按样本）</translation>
    </message>
    <message>
        <source>Precision: (1/n) Σ |yᵢ ∩ ŷᵢ| / |ŷᵢ|</source>
        <translation>精确率：(1/n) Σ |yᵢ ∩ ŷᵢ| / |ŷᵢ|</translation>
    </message>
    <message>
        <source>Recall (samples)</source>
        <translation>召回率（按样本）</translation>
    </message>
    <message>
        <source>Recall: (1/n) Σ |yᵢ ∩ ŷᵢ| / |yᵢ|</source>
        <translation>召回率：(1/n) Σ |yᵢ ∩ ŷᵢ| / |yᵢ|</translation>
    </message>
    <message>
        <source>F1 (samples)</source>
        <translation>F1（按样本）</translation>
    </message>
    <message>
        <source>F1: (1/n) Σ 2 |yᵢ ∩ ŷᵢ| / (|yᵢ| + |ŷᵢ|)</source>
        <translation>F1：(1/n) Σ 2 |yᵢ ∩ ŷᵢ| / (|yᵢ| + |ŷᵢ|)</translation>
    </message>
    <message>
        <source>Hamming loss</source>
        <translation>汉明损失</translation>
    </message>
    <message>
        <source>Hamming loss: wrong label entries / (n · q)</source>
        <translation>汉明损失：错误的标签项数 / (n · q)</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Precision = TP / (TP + FP)</source>
        <translation>精确率 = TP / (TP + FP)</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Recall = TP / (TP + FN)</source>
        <translation>召回率 = TP / (TP + FN)</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>F1 = 2 · P · R / (P + R) = 2 TP / (2 TP + FP + FN)</source>
        <translation>F1 = 2 · P · R / (P + R) = 2 TP / (2 TP + FP + FN)</translation>
    </message>
    <message>
        <source>Macro</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <source>Macro average: the unweighted mean over classes</source>
        <translation>宏平均：各类别的不加权平均</translation>
    </message>
    <message>
        <source>Micro</source>
        <translation>微平均</translation>
    </message>
    <message>
        <source>Micro average: from TP, FP and FN pooled over classes (for single-label data all three equal the accuracy)</source>
        <translation>微平均：由汇总所有类别的 TP、FP 和 FN 计算（单标签数据上三者都等于准确率）</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加权平均</translation>
    </message>
    <message>
        <source>Weighted average: the mean over classes weighted by each class&apos;s support (its number of true rows)</source>
        <translation>加权平均：按各类别的支持度（真实样本数）加权的平均</translation>
    </message>
    <message>
        <source>Each row&apos;s prediction ŷ against its true value y; on the diagonal ŷ = y the residual y − ŷ is 0</source>
        <translation>每个样本的预测值 ŷ 对真实值 y；在对角线 ŷ = y 上残差 y − ŷ 为 0</translation>
    </message>
    <message>
        <source>True value y</source>
        <translation>真实值 y</translation>
    </message>
    <message>
        <source>Predicted ŷ</source>
        <translation>预测值 ŷ</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>k of the top-k accuracy</source>
        <translation>Top-k 准确率中的 k</translation>
    </message>
    <message>
        <source>Row-normalised</source>
        <translation>按行归一化</translation>
    </message>
    <message>
        <source>Each row divided by its sum: the share of true class i predicted as j (the diagonal is recall)</source>
        <translation>每行除以行和：真实类别 i 被预测为 j 的比例（对角线即召回率）</translation>
    </message>
    <message>
        <source>Confusion matrix: row i, column j counts rows of true class i predicted as class j</source>
        <translation>混淆矩阵：第 i 行第 j 列是真实类别 i 被预测为类别 j 的样本数</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true, columns: predicted)</source>
        <translation>混淆矩阵（行：真实，列：预测）</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>支持度</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <source>Training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>The rows the metrics are computed on</source>
        <translation>计算指标所用的样本</translation>
    </message>
    <message>
        <source>Metrics appear once the run has data.</source>
        <translation>训练有了数据后会显示评估指标。</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>评估指标</translation>
    </message>
    <message>
        <source>All {0} rows</source>
        <translation>全部 {0} 个样本</translation>
    </message>
    <message>
        <source>The first {0} of {1} rows</source>
        <translation>{1} 个样本中的前 {0} 个</translation>
    </message>
</context>
<context>
    <name>NetworkOverlay</name>
    <message>
        <source>identical units</source>
        <translation>完全相同的单元</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>Add a hidden layer</source>
        <translation>添加一个隐藏层</translation>
    </message>
    <message>
        <source>Remove the last layer</source>
        <translation>删除最后一层</translation>
    </message>
    <message>
        <source>How the weights start (model.init)</source>
        <translation>权重如何初始化 (model.init)</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>… +{0} more</source>
        <translation>… 另有 {0} 个</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Features&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n input(s)&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;特征&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n 个输入&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Output&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n unit(s)&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;输出&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n 个单元&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>Input {0}</source>
        <translation>输入 {0}</translation>
    </message>
    <message>
        <source>unit {0}</source>
        <translation>单元 {0}</translation>
    </message>
    <message>
        <source>Output {0}</source>
        <translation>输出 {0}</translation>
    </message>
    <message>
        <source>Layer {0}, neuron {1}</source>
        <translation>第 {0} 层，神经元 {1}</translation>
    </message>
    <message>
        <source>(no value yet)</source>
        <translation>（尚无数值）</translation>
    </message>
    <message>
        <source>{0} → {1}: weight {2}</source>
        <translation>{0} → {1}：权重 {2}</translation>
    </message>
    <message>
        <source>output {0}</source>
        <translation>输出 {0}</translation>
    </message>
    <message>
        <source>layer {0} neuron {1}</source>
        <translation>第 {0} 层神经元 {1}</translation>
    </message>
    <message>
        <source>Add neuron to layer {0}</source>
        <translation>给第 {0} 层增加一个神经元</translation>
    </message>
    <message>
        <source>Remove neuron from layer {0}</source>
        <translation>从第 {0} 层减少一个神经元</translation>
    </message>
    <message numerus="yes">
        <source>Set layer {0} to %n neuron(s)</source>
        <translation>
            <numerusform>把第 {0} 层设为 %n 个神经元</numerusform>
        </translation>
    </message>
    <message>
        <source>Set layer {0} activation to {1}</source>
        <translation>把第 {0} 层的激活函数设为 {1}</translation>
    </message>
    <message>
        <source>Remove dropout after layer {0}</source>
        <translation>去掉第 {0} 层之后的丢弃法</translation>
    </message>
    <message>
        <source>Set dropout {0:g} after layer {1}</source>
        <translation>把第 {1} 层之后的丢弃概率设为 {0:g}</translation>
    </message>
    <message>
        <source>Add dropout {0:g} after layer {1}</source>
        <translation>在第 {1} 层之后加入丢弃法（概率 {0:g}）</translation>
    </message>
    <message>
        <source>Add batch norm after layer {0}</source>
        <translation>在第 {0} 层之后加入批量归一化</translation>
    </message>
    <message>
        <source>Remove batch norm after layer {0}</source>
        <translation>去掉第 {0} 层之后的批量归一化</translation>
    </message>
    <message>
        <source>Remove layer {0}</source>
        <translation>删除第 {0} 层</translation>
    </message>
    <message>
        <source>Add layer {0}</source>
        <translation>添加第 {0} 层</translation>
    </message>
    <message>
        <source>Set output activation to {0}</source>
        <translation>把输出层激活函数设为 {0}</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Set weight init to {0}</source>
        <translation>把权重初始化设为 {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n HIDDEN LAYER(S)</source>
        <translation>
            <numerusform>%n 个隐藏层</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}; font-size:15px&apos;&gt;━━&lt;/span&gt; negative &amp;nbsp;&lt;span style=&apos;color:{1}; font-size:15px&apos;&gt;━━&lt;/span&gt; positive weight, thicker = larger |w|; click a link to set its weight &amp;nbsp;&amp;middot;&amp;nbsp; hover a neuron to see its map in the output &amp;nbsp;&amp;middot;&amp;nbsp; small square: bias</source>
        <translation>&lt;span style=&apos;color:{0}; font-size:15px&apos;&gt;━━&lt;/span&gt; 负 &amp;nbsp;&lt;span style=&apos;color:{1}; font-size:15px&apos;&gt;━━&lt;/span&gt; 正权重，越粗 |w| 越大；点击连线可设置其权重 &amp;nbsp;&amp;middot;&amp;nbsp; 鼠标悬停在神经元上可在输出图中看到它的响应 &amp;nbsp;&amp;middot;&amp;nbsp; 小方块：偏置</translation>
    </message>
</context>
<context>
    <name>OptimizerLab</name>
    <message>
        <source>NN Playground: optimizer lab</source>
        <translation>NN Playground：优化器实验室</translation>
    </message>
    <message>
        <source>Optimizer race</source>
        <translation>优化器竞赛</translation>
    </message>
    <message>
        <source>Network landscape</source>
        <translation>网络损失地形</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
</context>
<context>
    <name>OutputActivationBox</name>
    <message>
        <source>Activation of the output layer (model.output_activation); auto follows the loss</source>
        <translation>输出层的激活函数 (model.output_activation)；“自动”随损失函数而定</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>ParamTable</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Values: a list such as 0.001, 0.03, 0.1 (every sampler), or a range 0.001..0.1 or log:0.0001..0.1 (random and TPE sample inside it)</source>
        <translation>取值：列表如 0.001, 0.03, 0.1（所有采样器），或区间 0.001..0.1、log:0.0001..0.1（随机与 TPE 在区间内采样）</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>删除字段</translation>
    </message>
    <message>
        <source>e.g. 0.001, 0.03, 0.1</source>
        <translation>例如 0.001, 0.03, 0.1</translation>
    </message>
</context>
<context>
    <name>RaceControls</name>
    <message>
        <source>Loss surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>e.g. x**2 + 10*sin(y)  (or a formula in w)</source>
        <translation>例如 x**2 + 10*sin(y)（或只含 w 的公式）</translation>
    </message>
    <message>
        <source>Type a formula in x and y (or in w alone for a 1-D slice) and press Enter. Functions: abs exp log sqrt sin cos tanh min max; constants pi, e.</source>
        <translation>输入含 x 和 y 的公式（一维切片只用 w）并按回车。函数：abs exp log sqrt sin cos tanh min max；常数 pi、e。</translation>
    </message>
    <message>
        <source>Ratio of the steepest to the flattest curvature</source>
        <translation>最陡与最平方向曲率之比</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件数</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>standardise x (round bowl)</source>
        <translation>标准化 x（圆形碗）</translation>
    </message>
    <message>
        <source>Samples per step; the whole data set is full-batch GD</source>
        <translation>每步的样本数；取整个数据集即全批量梯度下降</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Gradient noise σ</source>
        <translation>梯度噪声 σ</translation>
    </message>
    <message>
        <source>Gaussian noise added to every gradient: SGD-like wobble versus exact full-batch descent</source>
        <translation>给每个梯度加上高斯噪声：类似随机梯度下降的抖动，对比精确的全批量下降</translation>
    </message>
    <message>
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Ten steps</source>
        <translation>走十步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Optimizer steps per second (best effort)</source>
        <translation>每秒的优化步数（尽力而为）</translation>
    </message>
    <message>
        <source>Arrows:</source>
        <translation>箭头：</translation>
    </message>
    <message>
        <source>Thin: the step plain gradient descent would take</source>
        <translation>细箭头：普通梯度下降会走的一步</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Thick: the last step the optimizer actually took</source>
        <translation>粗箭头：优化器实际走的上一步</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Dashed: −lr times the momentum (first moment) vector</source>
        <translation>虚线箭头：−lr 乘以动量（一阶矩）向量</translation>
    </message>
    <message>
        <source>Chart f − f* on a log scale</source>
        <translation>以对数坐标绘制 f − f*</translation>
    </message>
    <message>
        <source>Click the plot to set the start point; drag the ring to move it.</source>
        <translation>点击图设置起点；拖动圆环移动它。</translation>
    </message>
    <message numerus="yes">
        <source>mean((w·x + b − y)²) over %n sample(s)</source>
        <translation>
            <numerusform>%n 个样本上的 mean((w·x + b − y)²)</numerusform>
        </translation>
    </message>
    <message>
        <source>Add an optimizer to race</source>
        <translation>添加一个参赛的优化器</translation>
    </message>
    <message>
        <source>{0}: torch.optim.{1}</source>
        <translation>{0}：torch.optim.{1}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>RaceModel</name>
    <message>
        <source>Linear regression (w, b): {0}</source>
        <translation>线性回归 (w, b)：{0}</translation>
    </message>
    <message>
        <source>Your formula…</source>
        <translation>自定义公式…</translation>
    </message>
    <message>
        <source>{0}, lr {1:.3g}</source>
        <translation>{0}，学习率 {1:.3g}</translation>
    </message>
    <message>
        <source>at most {0} optimizers race at once</source>
        <translation>同时最多 {0} 个优化器参赛</translation>
    </message>
    <message>
        <source>learning rate must be a positive number, got {0}</source>
        <translation>学习率必须是正数，得到的是 {0}</translation>
    </message>
</context>
<context>
    <name>RacePage</name>
    <message>
        <source>Chart f minus its minimum value f*, on a log axis</source>
        <translation>在对数坐标上画出 f 减去其最小值 f*</translation>
    </message>
    <message>
        <source>f* is unknown: this surface&apos;s lowest point on the grid is at the edge of the domain, so it may have no minimum.</source>
        <translation>f* 未知：此曲面在网格上的最低点位于定义域边缘，因此它可能没有最小值。</translation>
    </message>
    <message>
        <source>Contours failed: {0}</source>
        <translation>等高线计算失败：{0}</translation>
    </message>
    <message>
        <source>Cannot race: {0}</source>
        <translation>无法比赛：{0}</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <source>{0} · replaying…</source>
        <translation>{0} · 重放中…</translation>
    </message>
    <message>
        <source>{0} · {1} diverged (all)</source>
        <translation>{0} · {1} 个发散（全部）</translation>
    </message>
    <message>
        <source>{0} · {1} diverged</source>
        <translation>{0} · {1} 个发散</translation>
    </message>
</context>
<context>
    <name>RaceWorker</name>
    <message>
        <source>reached {0:,} steps; reset to race again</source>
        <translation>已达到 {0:,} 步；重置后可再次比赛</translation>
    </message>
</context>
<context>
    <name>ReadoutTable</name>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>To min</source>
        <translation>距最小值</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>converged</source>
        <translation>已收敛</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>an unsaved experiment</source>
        <translation>一个未保存的实验</translation>
    </message>
    <message>
        <source>NN Playground did not close cleanly. Unsaved changes to {0} from {1} were kept, with the network trained to epoch {2}. Restore them?</source>
        <translation>NN Playground 上次没有正常关闭。{1} 时对 {0} 的未保存更改已保留，网络已训练到第 {2} 个迭代周期。要恢复吗？</translation>
    </message>
    <message>
        <source>NN Playground did not close cleanly. The network of {0}, trained to epoch {2} by {1}, was kept. Restore it?</source>
        <translation>NN Playground 上次没有正常关闭。{0} 的网络（截至 {1} 已训练到第 {2} 个迭代周期）已保留。要恢复吗？</translation>
    </message>
    <message>
        <source>Restore unsaved changes?</source>
        <translation>恢复未保存的更改？</translation>
    </message>
    <message>
        <source>The trained weights could not be restored ({0}); the run starts over.</source>
        <translation>无法恢复训练好的权重（{0}）；训练将重新开始。</translation>
    </message>
    <message>
        <source>NN Playground did not close cleanly. Unsaved changes to {0} from {1} were kept. Restore them?</source>
        <translation>NN Playground 上次没有正常关闭。{1} 时对 {0} 的未保存更改已保留。要恢复吗？</translation>
    </message>
</context>
<context>
    <name>RegularizationPage</name>
    <message>
        <source>L1 (lasso): λ·|w|₁</source>
        <translation>L1（lasso）：λ·|w|₁</translation>
    </message>
    <message>
        <source>L2 (ridge): λ·|w|²</source>
        <translation>L2（岭回归）：λ·|w|²</translation>
    </message>
    <message>
        <source>minimum of the loss alone</source>
        <translation>仅损失函数的最小值</translation>
    </message>
    <message>
        <source>Loss L(w) = (w − c)ᵀ A (w − c)</source>
        <translation>损失 L(w) = (w − c)ᵀ A (w − c)</translation>
    </message>
    <message>
        <source>Minimum c</source>
        <translation>最小值点 c</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件数</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Penalty</source>
        <translation>惩罚项</translation>
    </message>
    <message>
        <source>The regularized minimum is where a loss contour first touches the penalty&apos;s region (dotted: that contour). The diamond&apos;s corners sit on the axes, so L1 sets weights exactly to zero; the circle only shrinks them.</source>
        <translation>正则化后的最小值点是损失等高线与惩罚区域首次相切之处（虚线：那条等高线）。菱形的角落在坐标轴上，所以 L1 会把权重精确地置为零；圆形只会使权重缩小。</translation>
    </message>
    <message>
        <source> — {0} exactly 0</source>
        <translation> — {0} 恰好为 0</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;&lt;b&gt;{1}&lt;/b&gt;&lt;/span&gt;: w* = ({2:.3f}, {3:.3f}), loss {4:.3g}{5}</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;&lt;b&gt;{1}&lt;/b&gt;&lt;/span&gt;：w* = ({2:.3f}, {3:.3f})，损失 {4:.3g}{5}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Plot the score against</source>
        <translation>得分对应的横轴</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Fold {0}</source>
        <translation>第 {0} 折</translation>
    </message>
    <message>
        <source>Mean validation {0}</source>
        <translation>验证集平均 {0}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source> (log scale)</source>
        <translation>（对数坐标）</translation>
    </message>
</context>
<context>
    <name>SampleTable</name>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Cross-validation and search</source>
        <translation>交叉验证与超参数搜索</translation>
    </message>
    <message>
        <source>Fields to search over</source>
        <translation>要搜索的字段</translation>
    </message>
    <message>
        <source>k: the training rows are split into k folds; each model trains on k − 1 and is scored on the other</source>
        <translation>k：训练样本分成 k 折；每个模型在 k − 1 折上训练，在剩下一折上评估</translation>
    </message>
    <message>
        <source>The validation score: losses and errors are minimised, accuracies, F1 and R² maximised</source>
        <translation>验证集得分：损失和误差取最小，准确率、F1 和 R² 取最大</translation>
    </message>
    <message>
        <source>Grid (every combination)</source>
        <translation>网格（所有组合）</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>TPE (Bayesian)</source>
        <translation>TPE（贝叶斯）</translation>
    </message>
    <message>
        <source>whole grid, or 20</source>
        <translation>整个网格，或 20</translation>
    </message>
    <message>
        <source>Stop hopeless trials early (median pruner)</source>
        <translation>提前停止没有希望的试验（中位数剪枝）</translation>
    </message>
    <message>
        <source>Folds</source>
        <translation>折数</translation>
    </message>
    <message>
        <source>Epochs per fold</source>
        <translation>每折的迭代周期数</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验次数</translation>
    </message>
    <message>
        <source>Cross-validate</source>
        <translation>交叉验证</translation>
    </message>
    <message>
        <source>k-fold cross-validation of the experiment as it is</source>
        <translation>对当前实验做 k 折交叉验证</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Apply best</source>
        <translation>应用最佳</translation>
    </message>
    <message>
        <source>Set the experiment to the best configuration (one undoable edit)</source>
        <translation>把实验设为最佳配置（一次可撤销的编辑）</translation>
    </message>
    <message>
        <source>Add a field and its values to search over.</source>
        <translation>添加一个要搜索的字段及其取值。</translation>
    </message>
    <message>
        <source>Cross-validating…</source>
        <translation>正在交叉验证…</translation>
    </message>
    <message>
        <source>Searching: {0} trials…</source>
        <translation>正在搜索：{0} 次试验…</translation>
    </message>
    <message>
        <source>Cancelling after the current epoch…</source>
        <translation>当前迭代周期结束后取消…</translation>
    </message>
    <message>
        <source>Apply the best search result</source>
        <translation>应用最佳搜索结果</translation>
    </message>
    <message>
        <source>Applied trial {0}.</source>
        <translation>已应用试验 {0}。</translation>
    </message>
    <message>
        <source>No configuration finished.</source>
        <translation>没有完成的配置。</translation>
    </message>
    <message>
        <source>Best: trial {0}, mean {1} ± {2}</source>
        <translation>最佳：试验 {0}，均值 {1} ± {2}</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Starting the engine…</source>
        <translation>正在启动训练引擎…</translation>
    </message>
    <message>
        <source>{0} (modified)</source>
        <translation>{0}（已修改）</translation>
    </message>
    <message>
        <source>Loss: {0}</source>
        <translation>损失函数：{0}</translation>
    </message>
    <message>
        <source>Loss: {0}; {1}</source>
        <translation>损失函数：{0}；{1}</translation>
    </message>
    <message>
        <source>Training on {0}</source>
        <translation>正在 {0} 上训练</translation>
    </message>
    <message>
        <source>Ready on {0}</source>
        <translation>已在 {0} 上就绪</translation>
    </message>
    <message>
        <source>diverged: {0}</source>
        <translation>发散：{0}</translation>
    </message>
    <message>
        <source>Error: {0}</source>
        <translation>错误：{0}</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>The training process crashed ({0}) and was restarted; the run starts over from your experiment.</source>
        <translation>训练进程崩溃（{0}）并已重启；训练从你的实验重新开始。</translation>
    </message>
    <message>
        <source>The training process crashed ({0}) and was restarted; training goes on from epoch {1}, the last frame the window received.</source>
        <translation>训练进程崩溃（{0}）并已重启；训练从窗口收到的最后一帧，即第 {1} 个迭代周期，继续进行。</translation>
    </message>
    <message>
        <source>The training process was killed ({0}); a new one goes on from epoch {1}, the last frame the window received.</source>
        <translation>训练进程被终止（{0}）；新的训练进程从窗口收到的最后一帧，即第 {1} 个迭代周期，继续训练。</translation>
    </message>
    <message>
        <source>The training process was killed ({0}), most likely because the system ran out of memory. The run was not started again; make the network or the data smaller, or press Play to try again.</source>
        <translation>训练进程被终止（{0}），很可能是因为系统内存不足。运行没有自动重新开始；请缩小网络或数据，或按“开始”重试。</translation>
    </message>
</context>
<context>
    <name>StabilityView</name>
    <message>
        <source>n_in</source>
        <translation>n_in</translation>
    </message>
    <message>
        <source>n_out</source>
        <translation>n_out</translation>
    </message>
    <message>
        <source>2/(n_in+n_out)</source>
        <translation>2/(n_in+n_out)</translation>
    </message>
    <message>
        <source>Var(w)</source>
        <translation>Var(w)</translation>
    </message>
    <message>
        <source>Var(z)</source>
        <translation>Var(z)</translation>
    </message>
    <message>
        <source>mean a</source>
        <translation>a 的均值</translation>
    </message>
    <message>
        <source>std a</source>
        <translation>a 的标准差</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>‖∂L/∂W‖</source>
        <translation>‖∂L/∂W‖</translation>
    </message>
    <message>
        <source>Gradient norm ‖∂L/∂W‖ per layer</source>
        <translation>各层梯度范数 ‖∂L/∂W‖</translation>
    </message>
    <message>
        <source>Activations per layer: mean and std</source>
        <translation>各层激活值：均值与标准差</translation>
    </message>
    <message>
        <source>Saturated and dead share per layer</source>
        <translation>各层饱和与死亡单元的比例</translation>
    </message>
    <message>
        <source>d2l 4.8: ‖product of k random 4×4 matrices‖</source>
        <translation>d2l 4.8：‖k 个随机 4×4 矩阵之积‖</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Statistics of the first 256 training rows at the current weights. Saturated: |f′(z)| &lt; 0.01; dead: f′(z) = 0 on every row. Xavier&apos;s rule keeps Var(w) = 2/(n_in+n_out).</source>
        <translation>当前权重下前 256 个训练样本的统计。饱和：|f′(z)| &lt; 0.01；死亡：每个样本上 f′(z) = 0。Xavier 初始化使 Var(w) = 2/(n_in+n_out)。</translation>
    </message>
    <message>
        <source>New random matrices</source>
        <translation>新的随机矩阵</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
</context>
<context>
    <name>SurfacePlot</name>
    <message>
        <source>Start point: drag it, or click anywhere on the plot</source>
        <translation>起点：拖动它，或点击图上任意位置</translation>
    </message>
    <message>
        <source>{0} — diverged</source>
        <translation>{0} — 发散</translation>
    </message>
</context>
<context>
    <name>TrainWorker</name>
    <message>
        <source>training runs in the window&apos;s process ({0})</source>
        <translation>训练在窗口进程中运行（{0}）</translation>
    </message>
    <message>
        <source>exit code {0}</source>
        <translation>退出码 {0}</translation>
    </message>
    <message>
        <source>signal {0}</source>
        <translation>信号 {0}</translation>
    </message>
    <message>
        <source>The training process crashed again ({0}); training now runs in the window&apos;s process.</source>
        <translation>训练进程再次崩溃（{0}）；训练现在改在窗口进程中运行。</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>auto (from the task)</source>
        <translation>自动（由任务决定）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Solver</source>
        <translation>求解方式</translation>
    </message>
    <message>
        <source>Learning rate on a log scale, 1e-5 .. 10</source>
        <translation>对数刻度的学习率，1e-5 .. 10</translation>
    </message>
    <message>
        <source>The exact learning rate; changing it never resets training</source>
        <translation>精确的学习率；修改它不会重置训练</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Dampening</source>
        <translation>动量阻尼</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Betas (β₁, β₂)</source>
        <translation>Betas (β₁, β₂)</translation>
    </message>
    <message>
        <source>Alpha (smoothing)</source>
        <translation>Alpha（平滑）</translation>
    </message>
    <message>
        <source>Rho (decay)</source>
        <translation>Rho（衰减）</translation>
    </message>
    <message>
        <source>Epsilon</source>
        <translation>Epsilon</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 个迭代周期</translation>
    </message>
    <message>
        <source>  every</source>
        <translation>  每</translation>
    </message>
    <message>
        <source>  multiply by</source>
        <translation>  乘以</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>  period</source>
        <translation>  周期</translation>
    </message>
    <message>
        <source>  minimum lr</source>
        <translation>  最小学习率</translation>
    </message>
    <message>
        <source>L1 rate</source>
        <translation>L1 正则化系数</translation>
    </message>
    <message>
        <source>L2 rate</source>
        <translation>L2 正则化系数</translation>
    </message>
    <message>
        <source>Regularize biases too</source>
        <translation>偏置也做正则化</translation>
    </message>
    <message>
        <source>Clip the global gradient norm to this value</source>
        <translation>把全局梯度范数裁剪到此值</translation>
    </message>
    <message>
        <source>Clip gradients</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Patience: stop after this many epochs without improvement</source>
        <translation>耐心值：连续这么多个迭代周期没有改进就停止</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Pause by itself after this many epochs (off: train until you press pause)</source>
        <translation>训练这么多个迭代周期后自动暂停（关闭：一直训练到你按暂停）</translation>
    </message>
    <message>
        <source>training.epochs: what `playground train` runs, and where the window pauses when the box is ticked</source>
        <translation>training.epochs：`playground train` 运行的迭代周期数；勾选时窗口也在此处暂停</translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation>停止于</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>What training minimises; hover an entry for its formula. auto: cross-entropy for classes, MSE for values.</source>
        <translation>训练所最小化的损失函数；将鼠标悬停在选项上可查看其公式。自动：分类用交叉熵，回归用均方误差。</translation>
    </message>
    <message>
        <source>How the weights move along the gradient (torch.optim); hover an entry for its update rule.</source>
        <translation>权重如何沿梯度更新（torch.optim）；将鼠标悬停在选项上可查看其更新规则。</translation>
    </message>
    <message>
        <source>L1: loss + λ Σ|w|; pushes weights to exactly 0.</source>
        <translation>L1：损失 + λ Σ|w|；把权重推向恰好为 0。</translation>
    </message>
    <message>
        <source>L2: loss + λ/2 ‖w‖²; shrinks every weight towards 0.</source>
        <translation>L2：损失 + λ/2 ‖w‖²；把每个权重向 0 收缩。</translation>
    </message>
    <message>
        <source>Weight decay: w ← w − lr · wd · w in each step (the optimizer&apos;s own, not in the loss).</source>
        <translation>权重衰减：每一步 w ← w − lr · wd · w（由优化器执行，不计入损失）。</translation>
    </message>
    <message>
        <source>Apply L1 and L2 to the biases as well as the weights.</source>
        <translation>对偏置也施加 L1 和 L2 正则化，而不只是权重。</translation>
    </message>
    <message>
        <source>Early stopping: stop when the validation loss (else the training loss) has not improved for this many epochs.</source>
        <translation>提前停止：当验证损失（没有验证集时用训练损失）在这么多个迭代周期内没有改善时停止。</translation>
    </message>
    <message>
        <source>How the learning rate changes from epoch to epoch.</source>
        <translation>学习率如何随迭代周期变化。</translation>
    </message>
    <message>
        <source>Gradient clipping: scale the gradient down when its norm ‖g‖ exceeds the value.</source>
        <translation>梯度裁剪：当梯度范数 ‖g‖ 超过该值时将梯度按比例缩小。</translation>
    </message>
    <message>
        <source>Optimizer: {0}</source>
        <translation>优化器：{0}</translation>
    </message>
    <message>
        <source>Solver: {0}</source>
        <translation>求解方式：{0}</translation>
    </message>
    <message>
        <source>Learning rate {0:g}</source>
        <translation>学习率 {0:g}</translation>
    </message>
    <message>
        <source>{0} {1:g}</source>
        <translation>{0} {1:g}</translation>
    </message>
    <message>
        <source>Nesterov on</source>
        <translation>开启 Nesterov</translation>
    </message>
    <message>
        <source>Nesterov off</source>
        <translation>关闭 Nesterov</translation>
    </message>
    <message>
        <source>Betas {0:g}, {1:g}</source>
        <translation>Betas {0:g}, {1:g}</translation>
    </message>
    <message>
        <source>LR schedule: {0}</source>
        <translation>学习率调度：{0}</translation>
    </message>
    <message>
        <source>Regularize biases</source>
        <translation>对偏置做正则化</translation>
    </message>
    <message>
        <source>Do not regularize biases</source>
        <translation>不对偏置做正则化</translation>
    </message>
    <message>
        <source>Gradient clipping off</source>
        <translation>关闭梯度裁剪</translation>
    </message>
    <message>
        <source>Clip gradients at {0:g}</source>
        <translation>梯度裁剪到 {0:g}</translation>
    </message>
    <message>
        <source>Early stopping off</source>
        <translation>关闭提前停止</translation>
    </message>
    <message>
        <source>Early stopping, patience {0}</source>
        <translation>提前停止，耐心值 {0}</translation>
    </message>
    <message>
        <source>Epochs {0}</source>
        <translation>迭代周期数 {0}</translation>
    </message>
</context>
<context>
    <name>TrainingToolBar</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset the network: fresh weights, epoch 0 (R)</source>
        <translation>重置网络：新的权重，迭代周期归零 (R)</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Run / pause training (Space)</source>
        <translation>开始 / 暂停训练 (Space)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train one minibatch (S or →)</source>
        <translation>训练一个小批量 (S 或 →)</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>Train to the end of the epoch (E)</source>
        <translation>训练到本迭代周期结束 (E)</translation>
    </message>
    <message>
        <source>Completed epochs (steps: minibatches)</source>
        <translation>已完成的迭代周期（步数：小批量数）</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>Epoch {0:06,d}</source>
        <translation>迭代周期 {0:06,d}</translation>
    </message>
    <message>
        <source>{0:,.0f} epochs/s</source>
        <translation>{0:,.0f} 周期/秒</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Where the network trains</source>
        <translation>网络在哪个设备上训练</translation>
    </message>
    <message>
        <source>Train on another device (starts the run over)</source>
        <translation>换一个设备训练（重新开始训练）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message numerus="yes">
        <source>%n minibatch step(s)</source>
        <translation>
            <numerusform>%n 个小批量步</numerusform>
        </translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Device: {0}</source>
        <translation>设备：{0}</translation>
    </message>
</context>
<context>
    <name>ValueChart</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>f − f*  (log)</source>
        <translation>f − f*（对数）</translation>
    </message>
</context>
<context>
    <name>ValueSlider</name>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>the dataset&apos;s own value; move the slider to set one</source>
        <translation>数据集自带的值；拖动滑块可自行设置</translation>
    </message>
</context>
<context>
    <name>WeightEditor</name>
    <message>
        <source>Enter sets it, Esc cancels</source>
        <translation>回车确认，Esc 取消</translation>
    </message>
</context>
<context>
    <name>_EpochChart</name>
    <message>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Could not open {0}; the default experiment opens instead.

{1}</source>
        <translation>无法打开 {0}；改为打开默认实验。

{1}</translation>
    </message>
</context>
<context>
    <name>catalogue</name>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>rectified linear unit</source>
        <translation>修正线性单元</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>ReLU with a small slope for x &lt; 0</source>
        <translation>x &lt; 0 时带小斜率的 ReLU</translation>
    </message>
    <message>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <source>leaky ReLU with a learnt slope</source>
        <translation>斜率可学习的 Leaky ReLU</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>exponential linear unit</source>
        <translation>指数线性单元</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Gaussian error linear unit</source>
        <translation>高斯误差线性单元</translation>
    </message>
    <message>
        <source>SiLU (swish)</source>
        <translation>SiLU (swish)</translation>
    </message>
    <message>
        <source>x times its sigmoid</source>
        <translation>x 乘以它的 sigmoid</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>the logistic function</source>
        <translation>logistic 函数</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>hyperbolic tangent</source>
        <translation>双曲正切</translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <source>a smooth ReLU</source>
        <translation>平滑的 ReLU</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>periodic units (SIREN-style)</source>
        <translation>周期性单元（SIREN 风格）</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性（恒等）</translation>
    </message>
    <message>
        <source>no activation</source>
        <translation>不用激活函数</translation>
    </message>
    <message>
        <source>torch default</source>
        <translation>torch 默认</translation>
    </message>
    <message>
        <source>nn.Linear&apos;s own: Kaiming uniform with a = √5</source>
        <translation>nn.Linear 自带：a = √5 的 Kaiming 均匀分布</translation>
    </message>
    <message>
        <source>Xavier uniform</source>
        <translation>Xavier 均匀</translation>
    </message>
    <message>
        <source>Glorot: keeps the variance across layers</source>
        <translation>Glorot：使各层方差保持不变</translation>
    </message>
    <message>
        <source>Xavier normal</source>
        <translation>Xavier 正态</translation>
    </message>
    <message>
        <source>Glorot, Gaussian</source>
        <translation>Glorot，高斯分布</translation>
    </message>
    <message>
        <source>He uniform</source>
        <translation>He 均匀</translation>
    </message>
    <message>
        <source>for ReLU layers</source>
        <translation>适用于 ReLU 层</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 正态</translation>
    </message>
    <message>
        <source>for ReLU layers, Gaussian</source>
        <translation>适用于 ReLU 层，高斯分布</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正态分布</translation>
    </message>
    <message>
        <source>Gaussian weights of a chosen std</source>
        <translation>给定标准差的高斯权重</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>uniform weights in a chosen range</source>
        <translation>给定范围内的均匀权重</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>every weight equal: the units of a layer stay identical</source>
        <translation>所有权重相等：同一层的单元始终相同</translation>
    </message>
    <message>
        <source>TF Playground</source>
        <translation>TF Playground</translation>
    </message>
    <message>
        <source>TF Playground&apos;s weights U(-0.5, 0.5), every bias 0.1</source>
        <translation>TF Playground 的权重 U(-0.5, 0.5)，偏置都为 0.1</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>the squared error, averaged</source>
        <translation>平方误差的平均</translation>
    </message>
    <message>
        <source>half MSE (TF Playground)</source>
        <translation>半均方误差（TF Playground）</translation>
    </message>
    <message>
        <source>the course&apos;s squared loss</source>
        <translation>课程中的平方损失</translation>
    </message>
    <message>
        <source>mean absolute error</source>
        <translation>平均绝对误差</translation>
    </message>
    <message>
        <source>the absolute error, averaged</source>
        <translation>绝对误差的平均</translation>
    </message>
    <message>
        <source>Huber</source>
        <translation>Huber 损失</translation>
    </message>
    <message>
        <source>squared below 1, absolute above</source>
        <translation>误差小于 1 时取平方，大于 1 时取绝对值</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>sigmoid applied inside, on logits</source>
        <translation>内部对 logits 做 sigmoid</translation>
    </message>
    <message>
        <source>cross-entropy (softmax)</source>
        <translation>交叉熵（softmax）</translation>
    </message>
    <message>
        <source>softmax applied inside, on logits</source>
        <translation>内部对 logits 做 softmax</translation>
    </message>
    <message>
        <source>multi-label (sigmoid per label)</source>
        <translation>多标签（每个标签一个 sigmoid）</translation>
    </message>
    <message>
        <source>binary cross-entropy for each label</source>
        <translation>每个标签上的二元交叉熵</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>stochastic gradient descent, with optional momentum</source>
        <translation>随机梯度下降，可带动量</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <source>per-weight steps scaled by the summed squared gradients</source>
        <translation>每个权重的步长按梯度平方和缩放</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>steps scaled by a running mean of squared gradients</source>
        <translation>步长按梯度平方的滑动平均缩放</translation>
    </message>
    <message>
        <source>Adadelta</source>
        <translation>Adadelta</translation>
    </message>
    <message>
        <source>Adagrad with a decaying window and unit-free steps</source>
        <translation>带衰减窗口、步长无量纲的 Adagrad</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>momentum and RMSprop with bias correction</source>
        <translation>动量加 RMSprop，带偏差修正</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>Adam with decoupled weight decay</source>
        <translation>权重衰减解耦的 Adam</translation>
    </message>
    <message>
        <source>NAdam</source>
        <translation>NAdam</translation>
    </message>
    <message>
        <source>Adam with Nesterov momentum</source>
        <translation>带 Nesterov 动量的 Adam</translation>
    </message>
    <message>
        <source>RAdam</source>
        <translation>RAdam</translation>
    </message>
    <message>
        <source>Adam with a rectified warm-up of the variance</source>
        <translation>方差预热经过修正的 Adam</translation>
    </message>
    <message>
        <source>L-BFGS</source>
        <translation>L-BFGS</translation>
    </message>
    <message>
        <source>quasi-Newton steps from a few past gradients, with a line search</source>
        <translation>由若干历史梯度构造的拟牛顿步，带线搜索</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>the same learning rate every epoch</source>
        <translation>每个迭代周期学习率不变</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>multiply by gamma every step_size epochs</source>
        <translation>每 step_size 个迭代周期乘以 gamma</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>multiply by gamma every epoch</source>
        <translation>每个迭代周期乘以 gamma</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>anneal from η to eta_min over t_max epochs</source>
        <translation>在 t_max 个迭代周期内从 η 退火到 eta_min</translation>
    </message>
    <message>
        <source>gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>the optimizer, step by step</source>
        <translation>用优化器一步一步地训练</translation>
    </message>
    <message>
        <source>least squares (closed form)</source>
        <translation>最小二乘（闭式解）</translation>
    </message>
    <message>
        <source>one solve per epoch; a linear model with an MSE loss, L2 as ridge</source>
        <translation>每个迭代周期求解一次；线性模型、均方误差损失，L2 即岭回归</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>{0} needs class labels; this data has numeric targets</source>
        <translation>{0}需要类别标签；这份数据的目标是数值</translation>
    </message>
    <message>
        <source>{0} expects one class per row; this data has several labels per row</source>
        <translation>{0}要求每个样本只有一个类别；这份数据每个样本有多个标签</translation>
    </message>
    <message>
        <source>multi-label cross-entropy needs several 0/1 labels per row; this data has one class per row</source>
        <translation>多标签交叉熵要求每个样本有多个 0/1 标签；这份数据每个样本只有一个类别</translation>
    </message>
    <message>
        <source>binary cross-entropy needs two classes; this data has {0}</source>
        <translation>二元交叉熵需要两个类别；这份数据有 {0} 个</translation>
    </message>
    <message>
        <source>{0} applies its own sigmoid/softmax to the output, so the output layer must be linear (auto), not {1}</source>
        <translation>{0}会对输出自行做 sigmoid/softmax，所以输出层必须是线性（自动），不能是 {1}</translation>
    </message>
    <message>
        <source>output activation {0} -&gt; auto (linear) and targets 0/1 instead of -1/+1, since {1} applies its own sigmoid/softmax</source>
        <translation>输出层激活函数 {0} -&gt; 自动（线性），目标改为 0/1 而不是 -1/+1，因为{1}会自行做 sigmoid/softmax</translation>
    </message>
    <message>
        <source>output activation {0} -&gt; auto (linear), since {1} applies its own sigmoid/softmax</source>
        <translation>输出层激活函数 {0} -&gt; 自动（线性），因为{1}会自行做 sigmoid/softmax</translation>
    </message>
    <message>
        <source>{0} cannot train {1} data; use one of {2}</source>
        <translation>{0}无法训练 {1} 类型的数据；请使用以下之一：{2}</translation>
    </message>
    <message>
        <source>diverged at epoch {0} (loss is NaN or infinite); weights from epoch {1} kept. Lower the learning rate and reset.</source>
        <translation>在第 {0} 个迭代周期发散（损失为 NaN 或无穷大）；保留了第 {1} 个迭代周期的权重。请调低学习率并重置。</translation>
    </message>
    <message>
        <source>early stopping: no improvement for {0} epochs; weights of epoch {1} restored</source>
        <translation>提前停止：连续 {0} 个迭代周期没有改进；已恢复第 {1} 个迭代周期的权重</translation>
    </message>
    <message>
        <source>early stopping: no improvement for {0} epochs</source>
        <translation>提前停止：连续 {0} 个迭代周期没有改进</translation>
    </message>
</context>
<context>
    <name>datasets</name>
    <message>
        <source>circle</source>
        <translation>圆环</translation>
    </message>
    <message>
        <source>a disc inside a ring (TF Playground)</source>
        <translation>圆环里的圆盘（TF Playground）</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>four quadrants, x1*x2 &gt;= 0 is blue (TF Playground)</source>
        <translation>四个象限，x1*x2 &gt;= 0 为蓝色（TF Playground）</translation>
    </message>
    <message>
        <source>gauss</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>two Gaussian clouds (TF Playground)</source>
        <translation>两团高斯分布的点（TF Playground）</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>two interleaved spirals (TF Playground)</source>
        <translation>两条交错的螺旋（TF Playground）</translation>
    </message>
    <message>
        <source>reg-plane</source>
        <translation>回归平面</translation>
    </message>
    <message>
        <source>a tilted plane, (x1 + x2) / 10 (TF Playground)</source>
        <translation>倾斜的平面 (x1 + x2) / 10（TF Playground）</translation>
    </message>
    <message>
        <source>reg-gauss</source>
        <translation>回归高斯</translation>
    </message>
    <message>
        <source>six signed bumps (TF Playground)</source>
        <translation>六个带正负号的凸起（TF Playground）</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>two interleaving half circles</source>
        <translation>两个交错的半圆</translation>
    </message>
    <message>
        <source>blobs</source>
        <translation>团簇</translation>
    </message>
    <message>
        <source>k Gaussian blobs on a circle</source>
        <translation>圆周上的 k 个高斯团簇</translation>
    </message>
    <message>
        <source>spiral-k</source>
        <translation>k 臂螺旋</translation>
    </message>
    <message>
        <source>k interleaved spiral arms</source>
        <translation>k 条交错的螺旋臂</translation>
    </message>
    <message>
        <source>drawn</source>
        <translation>手画</translation>
    </message>
    <message>
        <source>points placed by hand</source>
        <translation>手工放置的点</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>y = 2 x1 - 3.4 x2 + 4.2 + noise (linear regression)</source>
        <translation>y = 2 x1 - 3.4 x2 + 4.2 + 噪声（线性回归）</translation>
    </message>
    <message>
        <source>poly3</source>
        <translation>三次多项式</translation>
    </message>
    <message>
        <source>a cubic, 100 train / 100 test (under- and overfitting)</source>
        <translation>三次多项式，训练 100 / 测试 100（欠拟合与过拟合）</translation>
    </message>
    <message>
        <source>highdim-linear</source>
        <translation>高维线性</translation>
    </message>
    <message>
        <source>200 inputs, 20 training rows (weight decay)</source>
        <translation>200 个输入，20 个训练样本（权重衰减）</translation>
    </message>
    <message>
        <source>l2-demo</source>
        <translation>L2 演示</translation>
    </message>
    <message>
        <source>150 inputs, 80 training rows (the notes&apos; L2 demo)</source>
        <translation>150 个输入，80 个训练样本（笔记中的 L2 演示）</translation>
    </message>
    <message>
        <source>venn</source>
        <translation>韦恩图</translation>
    </message>
    <message>
        <source>three overlapping discs, one label each (multi-label)</source>
        <translation>三个相互重叠的圆盘，各对应一个标签（多标签）</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>12 noisy points of sin(x) (overfitting)</source>
        <translation>sin(x) 上 12 个带噪声的点（过拟合）</translation>
    </message>
    <message>
        <source>house</source>
        <translation>房价</translation>
    </message>
    <message>
        <source>price = 2.8 * area - noise</source>
        <translation>价格 = 2.8 * 面积 - 噪声</translation>
    </message>
    <message>
        <source>trapezoid</source>
        <translation>梯形</translation>
    </message>
    <message>
        <source>area of a trapezoid from its bases</source>
        <translation>由上下底求梯形面积</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>8x8 handwritten digits, 1797 images (scikit-learn)</source>
        <translation>8x8 手写数字，1797 张图像（scikit-learn）</translation>
    </message>
    <message>
        <source>iris</source>
        <translation>鸢尾花</translation>
    </message>
    <message>
        <source>150 irises, 4 measurements, 3 species (scikit-learn)</source>
        <translation>150 朵鸢尾花，4 项测量，3 个品种（scikit-learn）</translation>
    </message>
    <message>
        <source>wine</source>
        <translation>葡萄酒</translation>
    </message>
    <message>
        <source>178 wines, 13 measurements, 3 cultivars (scikit-learn)</source>
        <translation>178 种葡萄酒，13 项测量，3 个品种（scikit-learn）</translation>
    </message>
    <message>
        <source>breast-cancer</source>
        <translation>乳腺癌</translation>
    </message>
    <message>
        <source>569 tumours, 30 measurements, benign or malignant (scikit-learn)</source>
        <translation>569 个肿瘤，30 项测量，良性或恶性（scikit-learn）</translation>
    </message>
    <message>
        <source>diabetes</source>
        <translation>糖尿病</translation>
    </message>
    <message>
        <source>442 patients, 10 measurements, disease progression (scikit-learn)</source>
        <translation>442 名患者，10 项测量，病情进展（scikit-learn）</translation>
    </message>
    <message>
        <source>csv</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>your CSV table (data.path, data.target)</source>
        <translation>你的 CSV 表格（data.path、data.target）</translation>
    </message>
    <message>
        <source>idx</source>
        <translation>IDX 文件</translation>
    </message>
    <message>
        <source>MNIST-style IDX files in a folder (data.path)</source>
        <translation>文件夹中 MNIST 格式的 IDX 文件（data.path）</translation>
    </message>
</context>
<context>
    <name>features</name>
    <message>
        <source>the first coordinate</source>
        <translation>第一个坐标</translation>
    </message>
    <message>
        <source>the second coordinate</source>
        <translation>第二个坐标</translation>
    </message>
    <message>
        <source>x1 squared</source>
        <translation>x1 的平方</translation>
    </message>
    <message>
        <source>x2 squared</source>
        <translation>x2 的平方</translation>
    </message>
    <message>
        <source>the product of the coordinates</source>
        <translation>两个坐标之积</translation>
    </message>
    <message>
        <source>sine of x1 (x1 in radians)</source>
        <translation>x1 的正弦（x1 为弧度）</translation>
    </message>
    <message>
        <source>sine of x2 (x2 in radians)</source>
        <translation>x2 的正弦（x2 为弧度）</translation>
    </message>
    <message>
        <source>cosine of x1 (x1 in radians)</source>
        <translation>x1 的余弦（x1 为弧度）</translation>
    </message>
    <message>
        <source>cosine of x2 (x2 in radians)</source>
        <translation>x2 的余弦（x2 为弧度）</translation>
    </message>
    <message>
        <source>the input</source>
        <translation>输入本身</translation>
    </message>
    <message>
        <source>x to the power 2</source>
        <translation>x 的 2 次方</translation>
    </message>
    <message>
        <source>x to the power 3</source>
        <translation>x 的 3 次方</translation>
    </message>
    <message>
        <source>x to the power 4</source>
        <translation>x 的 4 次方</translation>
    </message>
    <message>
        <source>x to the power 5</source>
        <translation>x 的 5 次方</translation>
    </message>
    <message>
        <source>x to the power 6</source>
        <translation>x 的 6 次方</translation>
    </message>
    <message>
        <source>x to the power 7</source>
        <translation>x 的 7 次方</translation>
    </message>
    <message>
        <source>x to the power 8</source>
        <translation>x 的 8 次方</translation>
    </message>
    <message>
        <source>x to the power 9</source>
        <translation>x 的 9 次方</translation>
    </message>
    <message>
        <source>x to the power 10</source>
        <translation>x 的 10 次方</translation>
    </message>
</context>
<context>
    <name>lab_optimizers</name>
    <message>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量法</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <source>Adadelta</source>
        <translation>Adadelta</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>NAdam</source>
        <translation>NAdam</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <source>Five blobs: softmax over 5 classes, [8] relu</source>
        <translation>五个团簇：5 类 softmax，[8] relu</translation>
    </message>
    <message>
        <source>Course 3.2: linear regression y = 2 x1 - 3.4 x2 + 4.2</source>
        <translation>课程 3.2：线性回归 y = 2 x1 - 3.4 x2 + 4.2</translation>
    </message>
    <message>
        <source>Course 4.4: cubic features fit the cubic (normal fit)</source>
        <translation>课程 4.4：三阶多项式特征拟合三次函数（正常拟合）</translation>
    </message>
    <message>
        <source>Course 4.4: cubic features, 2 training samples (overfitting)</source>
        <translation>课程 4.4：三阶多项式特征，2 个训练样本（过拟合）</translation>
    </message>
    <message>
        <source>Course 4.4: a line through a cubic (underfitting)</source>
        <translation>课程 4.4：用直线拟合三次函数（欠拟合）</translation>
    </message>
    <message>
        <source>Course 4.5: 200 inputs, 20 samples, no weight decay (lambda 0)</source>
        <translation>课程 4.5：200 个输入，20 个样本，无权重衰减（λ = 0）</translation>
    </message>
    <message>
        <source>Course 4.5: 200 inputs, 20 samples, L2 penalty lambda 3</source>
        <translation>课程 4.5：200 个输入，20 个样本，L2 惩罚 λ = 3</translation>
    </message>
    <message>
        <source>Handwritten digits: MLP [64] relu with dropout, Adam</source>
        <translation>手写数字：多层感知机 [64] relu，带丢弃法，Adam</translation>
    </message>
    <message>
        <source>Iris: softmax regression</source>
        <translation>鸢尾花：softmax 回归</translation>
    </message>
    <message>
        <source>Moons: [16, 16] relu, momentum</source>
        <translation>双月：[16, 16] relu，动量法</translation>
    </message>
    <message>
        <source>Sine, 12 points: a wide net overfits; dropout and L2 help</source>
        <translation>正弦，12 个点：宽网络过拟合；丢弃法和 L2 正则化有帮助</translation>
    </message>
    <message>
        <source>Spiral solved: 6 features, [8, 8, 6] tanh, Adam</source>
        <translation>螺旋已解：6 个特征，[8, 8, 6] tanh，Adam</translation>
    </message>
    <message>
        <source>Constant initialisation: every hidden unit stays the same</source>
        <translation>常数初始化：每个隐藏单元始终相同</translation>
    </message>
    <message>
        <source>TF Playground: circle, [4, 2] tanh</source>
        <translation>TF Playground：圆环，[4, 2] tanh</translation>
    </message>
    <message>
        <source>TF Playground: two Gaussians, [4, 2] tanh</source>
        <translation>TF Playground：两个高斯分布，[4, 2] tanh</translation>
    </message>
    <message>
        <source>TF Playground: regression, six Gaussians, [4, 2] tanh</source>
        <translation>TF Playground：回归，六个高斯分布，[4, 2] tanh</translation>
    </message>
    <message>
        <source>TF Playground: regression plane, [4, 2] tanh</source>
        <translation>TF Playground：回归平面，[4, 2] tanh</translation>
    </message>
    <message>
        <source>TF Playground: spiral, [4, 2] tanh</source>
        <translation>TF Playground：螺旋，[4, 2] tanh</translation>
    </message>
    <message>
        <source>TF Playground: exclusive or, [4, 2] tanh</source>
        <translation>TF Playground：异或，[4, 2] tanh</translation>
    </message>
</context>
<context>
    <name>splits</name>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
</context>
<context>
    <name>surfaces</name>
    <message>
        <source>Bowl (condition 10, rotated 0 deg)</source>
        <translation>碗形（条件数 10，旋转 0 度）</translation>
    </message>
    <message>
        <source>0.1x^2 + 2y^2 (course, ill-conditioned)</source>
        <translation>0.1x^2 + 2y^2（课程，病态）</translation>
    </message>
    <message>
        <source>x^2 + 2y^2 (course)</source>
        <translation>x^2 + 2y^2（课程）</translation>
    </message>
    <message>
        <source>x^2 + y^2 + 2y + 5 (seed 004)</source>
        <translation>x^2 + y^2 + 2y + 5（笔记 004）</translation>
    </message>
    <message>
        <source>Rosenbrock (1-x)^2 + 100(y-x^2)^2</source>
        <translation>Rosenbrock (1-x)^2 + 100(y-x^2)^2</translation>
    </message>
    <message>
        <source>Himmelblau (four minima)</source>
        <translation>Himmelblau（四个极小值）</translation>
    </message>
    <message>
        <source>Beale</source>
        <translation>Beale</translation>
    </message>
    <message>
        <source>Saddle x^2 - y^2 (no minimum)</source>
        <translation>鞍面 x^2 - y^2（无极小值）</translation>
    </message>
    <message>
        <source>Plateau 1 - exp(-(x^2 + y^2)/2) (vanishing gradient far out)</source>
        <translation>平台 1 - exp(-(x^2 + y^2)/2)（远处梯度消失）</translation>
    </message>
    <message>
        <source>0.2w^2 + 2 sin(2w) (1-D, many local minima)</source>
        <translation>0.2w^2 + 2 sin(2w)（一维，多个局部极小值）</translation>
    </message>
    <message>
        <source>house prices (area -&gt; price)</source>
        <translation>房价（面积 -&gt; 价格）</translation>
    </message>
    <message>
        <source>linear (x1 only)</source>
        <translation>线性（只用 x1）</translation>
    </message>
</context>
</TS>
