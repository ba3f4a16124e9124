<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DataPanel</name>
    <message numerus="yes">
        <source>Erase %n point(s)</source>
        <translation>
            <numerusform>Erase %n point</numerusform>
            <numerusform>Erase %n points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeaturesPanel</name>
    <message numerus="yes">
        <source>All %n input columns are used (image pixels).</source>
        <translation>
            <numerusform>The %n input column is used (image pixels).</numerusform>
            <numerusform>All %n input columns are used (image pixels).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n input columns are used.</source>
        <translation>
            <numerusform>The %n input column is used.</numerusform>
            <numerusform>All %n input columns are used.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message numerus="yes">
        <source>{0} of %n misclassified, shown first</source>
        <translation>
            <numerusform>{0} of %n misclassified, shown first</numerusform>
            <numerusform>{0} of %n misclassified, shown first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LandscapePage</name>
    <message numerus="yes">
        <source>%n recorded weight vector(s)</source>
        <translation>
            <numerusform>%n recorded weight vector</numerusform>
            <numerusform>%n recorded weight vectors</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message numerus="yes">
        <source>&lt;b&gt;Features&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n input(s)&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Features&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n input&lt;/span&gt;</numerusform>
            <numerusform>&lt;b&gt;Features&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n inputs&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Output&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n unit(s)&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Output&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n unit&lt;/span&gt;</numerusform>
            <numerusform>&lt;b&gt;Output&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:#777&apos;&gt;%n units&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set layer {0} to %n neuron(s)</source>
        <translation>
            <numerusform>Set layer {0} to %n neuron</numerusform>
            <numerusform>Set layer {0} to %n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n HIDDEN LAYER(S)</source>
        <translation>
            <numerusform>%n HIDDEN LAYER</numerusform>
            <numerusform>%n HIDDEN LAYERS</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RaceControls</name>
    <message numerus="yes">
        <source>mean((w·x + b − y)²) over %n sample(s)</source>
        <translation>
            <numerusform>mean((w·x + b − y)²) over %n sample</numerusform>
            <numerusform>mean((w·x + b − y)²) over %n samples</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingToolBar</name>
    <message numerus="yes">
        <source>%n minibatch step(s)</source>
        <translation>
            <numerusform>%n minibatch step</numerusform>
            <numerusform>%n minibatch steps</numerusform>
        </translation>
    </message>
</context>
</TS>
