"""KPI extraction from short snippets written for these tests, grouped by concept.

Every case states every row the snippet must give — (kpi, year, period_start, value in the canonical
unit) — and nothing else may come out: a case whose rows are empty is a statement that nothing is
read there, checked as strictly as any other.
"""

from __future__ import annotations

import pytest

from .kpi_helpers import keys_of, rows_of

E = 100_000_000  # 亿
W = 10_000  # 万

Row = tuple[str, int, int | None, float]
Case = tuple[str, int, set[Row]]

# A KPI is named by a head noun with words around it, not by one fixed string (data/labels.yaml).
LABEL_GRAMMAR: list[Case] = [
    # the formal staff (正式员工/职工) counted after 共有/拥有/在岗: the head count
    ("截至2016年底，公司共有正式员工1,234人。", 2016, {("employees", 2016, None, 1234)}),
    ("截止报告期末在岗正式职工 2,345人、劳务派遣员工56人。", 2016, {("employees", 2016, None, 2345)}),
    # 过万 (more than ten thousand) counts people too
    ("全年共举办面授培训28场，参加培训过万人次。", 2016, {("trainees", 2016, None, 10000)}),
    ("全年净减少用工120人，其中正式员工80人。", 2016, set()),
    # 研发与开发 for 研究与开发, 共 before the spending verb
    ("2016年，科技研发与开发共投入12.5亿元。", 2016, {("rd_investment", 2016, None, 12.5 * E)}),
    # the female share said with 占 alone; a group after 占 (占管理层的) is no filler
    ("公司共有员工1000人，其中女性员工占52.5%。", 2016,
     {("employees", 2016, None, 1000), ("female_employees_ratio", 2016, None, 0.525)}),
    ("女员工占员工总数的35%。", 2016, {("female_employees_ratio", 2016, None, 0.35)}),
    ("女员工占管理层的30%。", 2016, set()),
    # hires counted inside the phrase (招聘了6名新员工), or all of them after 共 (共招聘125人); one channel's
    # count without 共 (校园招聘14人) is no total
    ("2016年招聘了6名新员工，全部签订正式劳动合同。", 2016, {("new_hires", 2016, None, 6)}),
    ("2016年，通过校园、社会招聘等渠道，公司共招聘125人。", 2016, {("new_hires", 2016, None, 125)}),
    ("全年共引进各类人员57名，其中社会招聘5名。", 2016, {("new_hires", 2016, None, 57)}),
    ("校园招聘14人，社会招聘4人。", 2016, set()),
    # graduates are one channel of the hiring too, however they are named
    ("2016年，公司招聘应届毕业生90人，从社会上引进专业人才40人。", 2016, set()),
    ("经面试筛选，全年共招聘60名应届高校毕业生。", 2016, set()),
    ("2016年新进员工150人，其中招收高校应届毕业生100人。", 2016, {("new_hires", 2016, None, 150)}),
    # 学习 for 培训 in a paragraph on training; one channel's learning is no total
    ("2016年，公司共开展培训项目820期，学习总时长56.3万学时。", 2016, {("training_hours", 2016, None, 563000)}),
    ("2016年，在线学习总时长12万学时。", 2016, set()),
    # 共计 between a pollutant and 排放
    ("SO2共计排放 351吨，比去年同期减少7吨；COD共计排放903吨。", 2016,
     {("so2_emissions", 2016, None, 351), ("cod_emissions", 2016, None, 903)}),
    ("指标\t2014\t2015\t2016\n女性员工占比率\t36.3%\t36.5%\t40.3%\n", 2016,
     {("female_employees_ratio", 2014, None, 0.363), ("female_employees_ratio", 2015, None, 0.365),
      ("female_employees_ratio", 2016, None, 0.403)}),
    ("2016年，公司安全生产共投入1,596万元。", 2016, {("safety_investment", 2016, None, 1596 * W)}),
    ("2016年公司在节能环保方面共计投入210万元。", 2016, {("environmental_investment", 2016, None, 210 * W)}),
    ("2016年，公司共消耗水43.9万吨。", 2016, {("water_consumption", 2016, None, 43.9 * W)}),
    ("全年消耗水泥12万吨。", 2016, set()),
    ("2021年公司实现营业收入326.5亿元，利润总额41亿元。", 2021,
     {("revenue", 2021, None, 326.5 * E), ("total_profit", 2021, None, 41 * E)}),
    ("本年度研发投入8.9亿元，同比增长12.5%。", 2019, {("rd_investment", 2019, None, 8.9 * E)}),
    ("2016年度公司共缴纳各项税费3,697万元。", 2016, {("taxes_paid", 2016, None, 3697 * W)}),
    ("公司向各级税务机关缴交税金2.1亿元。", 2016, {("taxes_paid", 2016, None, 2.1 * E)}),
    ("全年共缴税款5,200万元。", 2016, {("taxes_paid", 2016, None, 5200 * W)}),
    ("上缴国家税收10,754万元。", 2016, {("taxes_paid", 2016, None, 10754 * W)}),
    ("缴税总额（亿元） 12.5\n", 2016, {("taxes_paid", 2016, None, 12.5 * E)}),
    # the rows above (合作伙伴, 供应商 cells) name no part of this tab row's figure
    ("伙伴责任\t权益保障\t维护合作伙伴权益，加强沟通\n\t责任采购\t实施公开招标，建立供应 商档案\n\t依法纳税\t依法纳税3.25亿元\n", 2016,
     {("taxes_paid", 2016, None, 3.25 * E)}),
    # ... but not where the label does not start a cell (a page's columns side by side)
    ("\t\t维护合作伙伴权益\n\t\t下属某电厂依法纳税3.25亿元\n", 2016, set()),
    ("公司被评为纳税信用A级纳税人。", 2020, set()),
    # the taxes line of a 每股社会贡献值 sentence
    ("全年公司实现营业收入18.6亿元，为国家创造税收0.95亿元，向员工支付的薪酬1.3亿元。", 2016,
     {("revenue", 2016, None, 18.6 * E), ("taxes_paid", 2016, None, 0.95 * E)}),
    # people newly taken on; jobs around the company are not its hires
    ("2016年，公司新吸收就业超过1500人，对地方经济发展做出了贡献。", 2016, {("new_hires", 2016, None, 1500)}),
    ("某项目建成后带动就业2000人。", 2016, set()),
    ("2016年，本行新聘雇员1,157名。", 2016, {("new_hires", 2016, None, 1157)}),
    ("本年度公司新聘用员工225人。", 2016, {("new_hires", 2016, None, 225)}),
    ("项目\t2016年\n新聘雇员人数\t1,157\n", 2016, {("new_hires", 2016, None, 1157)}),
    # the staff newly employed, a key-figures row; 新就业 said of jobs around a project is no hire
    ("指标\t2015年\t2016年\n报告期内员工新就业人数(人）\t1,210\t1,460\n", 2016,
     {("new_hires", 2015, None, 1210), ("new_hires", 2016, None, 1460)}),
    ("某项目投产后带动新就业人数600人。", 2016, set()),
    # the formal staff on duty and on the roll (在岗在册合同工) is the head count; 合同工 alone is one kind of staff
    ("员工总人数\n•在岗在册合同工2350人 劳动合同签订率100%\n", 2016, {("employees", 2016, None, 2350)}),
    ("截至2016年底，在岗在册职工12,300人。", 2016, {("employees", 2016, None, 12300)}),
    ("公司现有合同工300人，劳务派遣工200人。", 2016, set()),
    ("2016年，定点扶贫资金总投入312万元。", 2016, {("poverty_alleviation_investment", 2016, None, 312 * W)}),
    # patents newly obtained (新获) are the year's grants; a prize (专利奖) is none
    ("• 2016年，新获专利53项；软件著作权8项；注册商标24项", 2016, {("patents_granted", 2016, None, 53)}),
    ("全年新获得国家专利27项，其中发明专利5项。", 2016,
     {("patents_granted", 2016, None, 27), ("invention_patents_granted", 2016, None, 5)}),
    ("公司新获专利奖3项。", 2016, set()),
    # the kinds of tax listed, then their sum
    ("2016年，公司及子公司所得税、营业税及附加等总计17.6亿 元。", 2016, {("taxes_paid", 2016, None, 17.6 * E)}),
    ("2016年实际缴纳企业所得税、增值税及附加 等税金合计3.7亿元。", 2016, {("taxes_paid", 2016, None, 3.7 * E)}),
    ("参训员工118,247人次。", 2016, {("trainees", 2016, None, 118247)}),
    ("全年培训员工5.6万人次，培训总学时38万小时。", 2020,
     {("trainees", 2020, None, 56000), ("training_hours", 2020, None, 380000)}),
    ("员工培训费用共计512万元。", 2016, {("training_investment", 2016, None, 512 * W)}),
    ("全年累计培训员工9800人次、总计培训时间 61200.5小时。", 2020,
     {("trainees", 2020, None, 9800), ("training_hours", 2020, None, 61200.5)}),
    ("指标名称\t2020年绩效\n员工总培训时间（小时）\t70250.4\n员工人均培训时间（小时）\t8.2\n", 2020,
     {("training_hours", 2020, None, 70250.4)}),
    ("2020年，公司投入研发资金2300余万元，开展攻关课题5项。", 2020, {("rd_investment", 2020, None, 2300 * W)}),
    ("2020年，公司研发总经费支出3.15亿元，同比增长8%。", 2020, {("rd_investment", 2020, None, 3.15 * E)}),
    ("公司研发总部位于某市，研发总监共6人。", 2020, set()),
    # 项目管理 is a practice, not one project; 项目管理部 is a department
    ("项目管理方面持续提升，研发投入保持增长，2020年研发总经费支出2.7亿元。", 2020,
     {("rd_investment", 2020, None, 2.7 * E)}),
    ("截至2016年底，公司在册职工28,331人。", 2016, {("employees", 2016, None, 28331)}),
    ("在职员工的数量合计（人） 1,406\n", 2019, {("employees", 2019, None, 1406)}),
    ("从业人员总数 12,400\n", 2016, {("employees", 2016, None, 12400)}),
    ("因工作关系而死亡的人数（人）\t0\n", 2016, {("work_fatalities", 2016, None, 0)}),
    ("安全运营总投入（万元人民币） 2,715\n", 2016, {("safety_investment", 2016, None, 2715 * W)}),
    ("危险废弃物处置量（吨） 4,187.60\n", 2016, {("hazardous_waste", 2016, None, 4187.6)}),
    ("共削减了化学需氧量（COD）2.47万吨。", 2016, {("cod_reduction", 2016, None, 24700)}),
    ("2016年度，公司共录用新员工228人。", 2016, {("new_hires", 2016, None, 228)}),
    ("公司获得授权专利215项（其中发明专利47项）。", 2020,
     {("patents_granted", 2020, None, 215), ("invention_patents_granted", 2020, None, 47)}),
    ("全年新申请专利96件、发明专利30件。", 2018,
     {("patent_applications", 2018, None, 96), ("invention_patent_applications", 2018, None, 30)}),
    ("公司共有女职工2,100人，约占职工总数的22.6%。", 2020,
     {("female_employees", 2020, None, 2100), ("female_employees_ratio", 2020, None, 0.226)}),
    ("全年对外捐赠超过1,200万元。", 2020, {("donations", 2020, None, 1200 * W)}),
    ("2015年远航集团及主要所属企业捐赠钱款及物品折合人民币超过2700万元。", 2015, {("donations", 2015, None, 2700 * W)}),
    ("公司全年能源消耗总量为3.2万吨标准煤，用水量186万立方米。", 2020,
     {("energy_consumption", 2020, None, 32000), ("water_consumption", 2020, None, 1860000)}),
    ("公司二氧化碳排放量为12,480tCO2e。", 2021, {("ghg_emissions", 2021, None, 12480)}),
    ("全年投入近500万元开展精准扶贫工作。", 2020, {("poverty_alleviation_investment", 2020, None, 500 * W)}),
    ("COD排放量 86.4 吨，氨氮排放量 5.2 吨。", 2020,
     {("cod_emissions", 2020, None, 86.4), ("ammonia_nitrogen_emissions", 2020, None, 5.2)}),
    ("万元营业收入综合能耗（吨标煤） 0.0487\n", 2016, {("energy_intensity", 2016, None, 0.0487)}),
    ("万元增加值综合能耗（吨标煤） 0.2986\n", 2016, set()),
    ("普通保险从业人员直接受教育公众数达到35105人。", 2016, set()),
    ("2016年，公司女员工休产假达38人。", 2016, set()),
    # the head count inside the phrase, which must end its clause (data: kpis.yaml counted)
    ("截至报告期末，本集团拥有4.5万名员工。", 2016, {("employees", 2016, None, 45000)}),
    ("公司共聘用5,319位員工，分布於21個城市。", 2016, {("employees", 2016, None, 5319)}),
    ("公司共有150名员工参加培训。", 2016, set()),
    ("2016年，公司及各子公司共有8,200人次的员工参加各类培训。", 2016, {("trainees", 2016, None, 8200)}),
    ("2016年，公司共有64,120人次参加了各类职业培训，员工持证上岗率达100%。", 2016, {("trainees", 2016, None, 64120)}),
    ("2016年，共有1,200人次参加了安全培训。", 2016, set()),
    # the training named in the clause before, the person-times it reached in the next (覆盖…人次); a part's
    # training (安全, 新员工) or no training at all (活动, 传播) gives none
    ("2016年，公司组织完成培训学时3.1万小时，覆盖2,450人次，内容涵盖管理和技能。", 2016,
     {("training_hours", 2016, None, 31000), ("trainees", 2016, None, 2450)}),
    ("年内，公司组织各类培训项目共计210场次，覆盖3,870人次。", 2016, {("trainees", 2016, None, 3870)}),
    ("报告期内，公司及下属子公司开展各种培训合计约1，300余场，覆盖近 15,000 人次。", 2016,
     {("trainees", 2016, None, 15000)}),
    ("2016年，公司共完成船员安全培训24期，覆盖610人次。", 2016, set()),
    ("2016年，公司开展新员工培训9期，覆盖420人次。", 2016, set()),
    ("2016年，公司开展活动96场次，共覆盖员工12,300人次。", 2016, set()),
    ("2016年，公司网站传播覆盖超过2.1亿人次。", 2016, set()),
    # person-days (人天, 人日) are no head count: the person-times beside them are the trainees
    ("2016年，共开展脱产培训班86期，培训课时310天， 覆盖3,120人次，培训总量达19,870人天。", 2016,
     {("trainees", 2016, None, 3120)}),
    ("2016年，总体培训人天数达到8,640人天。", 2016, set()),
    # one event (本次, 春运期间), a per-unit figure (每台车, 各捐助), recycled water, the public's giving
    ("本次培训有298人自愿报名参加。", 2016, set()),
    ("2016年春运期间，公司组织青年志愿者200多人开展服务活动。", 2016, set()),
    ("以一年20万公里计算，每台车每年减少二氧化碳排放约9吨。", 2016, set()),
    ("为7所小学各捐助100万元。", 2016, set()),
    # a part word running into the label (网络培训 read with the label 培训) narrows it: no list item
    ("2016年，全年共举办现场培训2,215期，培训经费支出1.25亿元，培训 18.1万人次，人均培训7.8天；网络培训80万人次。",
     2016, {("trainees", 2016, None, 181000), ("training_investment", 2016, None, 125000000)}),
    # a rate over time opening a run of outcomes governs each clause of the run (年均节约…，减少…)
    ("某电站2016年3月并网，年均节约标准煤1200吨，年均减少二氧化碳排放3100吨，减少二氧化硫排放93.5吨，"
     "减少氮氧化物排放12.2吨。", 2016, set()),
    ("2016年，公司营业收入年均增长10%，减少二氧化硫排放93.5吨。", 2016, {("so2_reduction", 2016, None, 93.5)}),
    ("全年回收用水94,815吨。", 2016, set()),
    ("各界捐赠总额超过200万元。", 2016, set()),
    ("公司开展了专题培训，参培人数达15,000余人次。", 2016, set()),
    ("该子公司共有44名员工。", 2016, set()),
    ("本集團的總碳排量為24,846公噸。", 2016, {("ghg_emissions", 2016, None, 24846)}),
    ("项目\t2015年\t2016年\n实现税收（亿元）\t38.4\t33.1\n", 2016,
     {("taxes_paid", 2015, None, 38.4 * E), ("taxes_paid", 2016, None, 33.1 * E)}),
    ("雇佣人总数（人）\t9,800\n", 2016, {("employees", 2016, None, 9800)}),
    ("上缴国家和地方税收15,827万元。", 2016, {("taxes_paid", 2016, None, 15827 * W)}),
    ("本行对外捐赠支出共计约3,244万元。", 2016, {("donations", 2016, None, 3244 * W)}),
    ("营业收入同比增长15%，达到100亿元。", 2016, {("revenue", 2016, None, 100 * E)}),
    # the sales of new products, an associate's revenue: not the company's revenue
    ("2016年，科技投入3.5亿元，新产品销售收入12亿元。", 2016, {("rd_investment", 2016, None, 3.5 * E)}),
    ("公司主要联营企业营业收入达到30亿元。", 2016, set()),
    # 其中 after another KPI's count: that group's women (kpis.yaml within)
    ("2016年，公司新招聘员工900人，其中女员工300人（占比33%）。公司员工共计5,000人，其中女员工1,800人（占比36%）。", 2016,
     {("new_hires", 2016, None, 900), ("employees", 2016, None, 5000), ("female_employees", 2016, None, 1800),
      ("female_employees_ratio", 2016, None, 0.36)}),
    ("公司员工总数5,000人，男女员工比例75%:25%，其中少数民族员工60人。", 2016,
     {("employees", 2016, None, 5000), ("minority_employees", 2016, None, 60)}),
    # a zone's figures (a park developer's report): the zone's companies, not the company
    ("据统计，2016年东海保税区有28家企业开展科技研发活动，科研投入超过11亿元。", 2016, set()),
    # an equivalence is no measured figure; an allowance is no emission
    ("电子银行业务产生的环保效应相当于减排二氧化碳近1.2万吨。", 2016, set()),
    ("公司二氧化碳排放配额9,800吨。", 2016, set()),
    # 分别占…: the last count listed takes the last share
    ("公司员工总人数9,000人，其中残疾员工40人，女性员工1,900人，分别占员工总数的0.44%、21.11%。", 2016,
     {("employees", 2016, None, 9000), ("female_employees", 2016, None, 1900), ("female_employees_ratio", 2016, None, 0.2111)}),
    # trainees under 5% of the year's employees are one programme's (kpis.yaml floor)
    ("2016年末，公司员工总数30,000人。2016年，公司开展技术工人培训，累计培训学员300人。", 2016,
     {("employees", 2016, None, 30000)}),
    ("2016年末，公司员工总数30,000人。2016年，公司全年培训员工5.1万人次。", 2016,
     {("employees", 2016, None, 30000), ("trainees", 2016, None, 51000)}),
    # below a company's year: a tariff step, one course's length, a footnote mark read as a value
    ("居民电价第一阶梯：月用电量170千瓦时及以内。", 2016, set()),
    ("每期培训平均60人左右，培训时长2小时左右。", 2016, set()),
    ("温室气体排放量（吨） 1\n", 2016, set()),
    ("全年连同合营、联营公司实现营业收入2,750亿元。", 2016, set()),
    ("项目\t单位\t2016年\n汇总营业收入\t亿元\t2,750\n合并营业收入\t亿元\t494\n", 2016, {("revenue", 2016, None, 494 * E)}),
    # a named business segment as the subject: the segment's revenue; 主营业务 is the whole business
    ("2016年，公司控股的医疗服务业务共计实现营业收入16.7亿元。", 2016, set()),
    ("2016年，公司主营业务实现营业收入50亿元。", 2016, {("revenue", 2016, None, 50 * E)}),
    ("报告期内，油品业务板块实现利润总额3亿元。", 2016, set()),
    ("提供工会与教育经费0.11亿元。", 2016, set()),
    # a bracketed note right after the label says what the figure includes (no distance to the value)
    ("2016年，公司研发支出（包含材料、人工、折旧、摊销费等）为12,345.60 万元。", 2016,
     {("rd_investment", 2016, None, 12345.6 * W)}),
    ("项目\t2015年\t2016年\n慈善捐款总投入（万元）\t120\t135\n", 2016,
     {("donations", 2015, None, 120 * W), ("donations", 2016, None, 135 * W)}),
    ("2016年，公司环保治理投入约3,210万元。", 2016, {("environmental_investment", 2016, None, 3210 * W)}),
    # two measures of one thing after a slash: the first names the KPI
    ("指标\t2016年\n有害废弃物排放量/处理量（吨）\t812.5\n", 2016, {("hazardous_waste", 2016, None, 812.5)}),
]

# Words inserted between a spending topic and its head (labels.yaml links: spend): 在…方面的, 用于…的,
# 与…有关的, …的. A topic that only names a use of something (投入使用, 资金来源) is no spending.
INSERTED_WORDS: list[Case] = [
    # person-times, then that they attended training; a programme named just before is that one's
    ("2016年，公司共开办各类培训900余班次，共有1.8万余人次参加培训。", 2016, {("trainees", 2016, None, 18000)}),
    ("2016年共计2310余人次参与培训。", 2016, {("trainees", 2016, None, 2310)}),
    ("举办两期焊接技术培训班，120多人次参加了培训。", 2016, set()),
    ("2016年公司共组织1,280人次进行安全培训。", 2016, set()),
    # 获得发明专利 (obtained) is granted; a prize, an application or a running total is not
    ("2016年，公司获得国家发明专利3项，实用新型专利5项。", 2016, {("invention_patents_granted", 2016, None, 3)}),
    ("2016年获得发明专利金奖2项。", 2016, set()),
    ("报告期内公司新增实用新型专利7项，报告期末公司累计取得发明专利9项。", 2016, set()),
    # the count of sessions between a training label and its person-times (培训12期，…人次) is stepped over
    ("2016年公司共开展培训36期，1,850人次。", 2016, {("trainees", 2016, None, 1850)}),
    ("全年开展培训120场，3,000人次参加。", 2016, {("trainees", 2016, None, 3000)}),
    ("公司组织培训5期，每期30人次。", 2016, set()),
    ("2016年，公司在安全生产方面的投入为820万元。", 2016, {("safety_investment", 2016, None, 820 * W)}),
    ("2017年，公司与安全生产有关的投入3.1亿元。", 2017, {("safety_investment", 2017, None, 3.1 * E)}),
    ("2016年，公司用于环境保护的资金达1,340万元。", 2016, {("environmental_investment", 2016, None, 1340 * W)}),
    ("据统计，全年共计在环保的投入为2716.4万元。", 2016, {("environmental_investment", 2016, None, 27164000)}),
    ("2016年，公司员工培训方面的投入达310万元。", 2016, {("training_investment", 2016, None, 310 * W)}),
    ("培训教育的经费为86.52万元；", 2016, {("training_investment", 2016, None, 865200)}),
    ("企业对员工培训的资金投入\t万元\t120.5\n", 2016, {("training_investment", 2016, None, 1205000)}),
    ("2016年，公司用于扶贫的资金230万元。", 2016, {("poverty_alleviation_investment", 2016, None, 230 * W)}),
    ("2016年，本公司用于精准扶贫的资金支出约为0.83亿元。", 2016,
     {("poverty_alleviation_investment", 2016, None, 0.83 * E)}),
    ("2016年度公司在研发方面的投入约为人民币21,580万元，占收入的6.1%。", 2016,
     {("rd_investment", 2016, None, 21580 * W)}),
    ("2016年，安全生产 有关的投入4.2亿元。", 2016, {("safety_investment", 2016, None, 4.2 * E)}),
    ("2016年，公司环保设施投入使用，日处理污水500吨。", 2016, set()),
    ("2016年，用于研发的资金来源于公司自有资金5000万元。", 2016, set()),
    ("人均培训方面的投入为1,200元。", 2016, set()),
]

# A part listed after a patent count without its full name (其中发明N件) inherits 申请/授权 and 专利
# from the count; 实用新型, 外观设计 and a count of another KPI's never fill it.
ELLIPTICAL_PARTS: list[Case] = [
    # staff groups listed after a head count inherit 员工 (其中女性N人); 少数民族 after the women's count too;
    # a group after another count (管理人员253人，其中女性35人) is that count's part
    ("公司员工总数5000人，其中女性1500人。", 2016,
     {("employees", 2016, None, 5000), ("female_employees", 2016, None, 1500)}),
    ("各类人员中，女性员工5460人，占20.99%; 少数民族806人，占3.10%。", 2016,
     {("female_employees", 2016, None, 5460), ("female_employees_ratio", 2016, None, 0.2099),
      ("minority_employees", 2016, None, 806)}),
    ("公司在职员工2,300人，残障员工19人；管理人员253人，其中女性35人。", 2016, {("employees", 2016, None, 2300)}),
    # a topic framed before the training word (以…为主要内容的培训): one topic's trainees
    ("2016年参加以诚信建设为主要内容的培训人数达2,140人次。", 2016, set()),
    ("全年开展以职业道德为主题的培训，参训1,320人次。", 2016, set()),
    ("2016年，公司申请专利412件，其中发明196件。", 2016,
     {("patent_applications", 2016, None, 412), ("invention_patent_applications", 2016, None, 196)}),
    ("全年共申请专利23件（其中发明9件，实用新型14件)；授权专利17件（发明6件，实用新型11件)。", 2016,
     {("patent_applications", 2016, None, 23), ("invention_patent_applications", 2016, None, 9),
      ("patents_granted", 2016, None, 17), ("invention_patents_granted", 2016, None, 6)}),
    ("公司共申请专利12项，其中发明4项，实用新型8项；授权专利9项，其中发明2项，实用新型7项。", 2016,
     {("patent_applications", 2016, None, 12), ("invention_patent_applications", 2016, None, 4),
      ("patents_granted", 2016, None, 9), ("invention_patents_granted", 2016, None, 2)}),
    ("公司申请专利40件（其中实用新型25件，发明15件）。", 2016,
     {("patent_applications", 2016, None, 40), ("invention_patent_applications", 2016, None, 15)}),
    ("申请专利1,052项，其中发明专 利318项。", 2016,
     {("patent_applications", 2016, None, 1052), ("invention_patent_applications", 2016, None, 318)}),
    ("公司申请专利30件，其中实用新型18件、外观设计12件。", 2016, {("patent_applications", 2016, None, 30)}),
    ("公司申请专利20件，授权专利10件，其中发明4件。", 2016,
     {("patent_applications", 2016, None, 20), ("patents_granted", 2016, None, 10),
      ("invention_patents_granted", 2016, None, 4)}),
    ("公司申请专利20件，获发明奖2项。", 2016, {("patent_applications", 2016, None, 20)}),
    # the grants listed right after the filings without 专利 (授权N件) inherit it; a part after them
    # is one of the grants, not of the filings
    ("2016年专利申请350件，授权210件，拥有有效专利1200件。", 2016,
     {("patent_applications", 2016, None, 350), ("patents_granted", 2016, None, 210)}),
    ("公司组织申请专利18项，获授权11项；发表论文40篇。", 2016,
     {("patent_applications", 2016, None, 18), ("patents_granted", 2016, None, 11)}),
    ("公司申请专利90件，获得授权60件，其中发明专利12件。", 2016,
     {("patent_applications", 2016, None, 90), ("patents_granted", 2016, None, 60)}),
    ("截至2016年底，公司共有少数民族员工1,200人，其中2016年新招聘少数民族员工300人。", 2016,
     {("minority_employees", 2016, None, 1200)}),
    ("公司累计授权专利1,692件，其中2016年，公司申请专利580件，授权590件。", 2016,
     {("patent_applications", 2016, None, 580), ("patents_granted", 2016, None, 590)}),
    ("公司申请专利20件，其中发明8件，授权12件。", 2016,
     {("patent_applications", 2016, None, 20), ("invention_patent_applications", 2016, None, 8),
      ("patents_granted", 2016, None, 12)}),
    ("公司申请专利20件，发明及实用新型专利共15件。", 2016, {("patent_applications", 2016, None, 20)}),
]

# The same patent counts in another word order (专利申报 beside 申报专利).
WORD_ORDER: list[Case] = [
    ("2016年公司专利申报61件，获得授权专利38件。", 2016,
     {("patent_applications", 2016, None, 61), ("patents_granted", 2016, None, 38)}),
    ("全年完成专利受理118项。", 2016, {("patent_applications", 2016, None, 118)}),
    ("2016年，公司受理专利27件。", 2016, {("patent_applications", 2016, None, 27)}),
    ("2016年，公司受理发明专利11项。", 2016, {("invention_patent_applications", 2016, None, 11)}),
    ("2016年，公司获批专利14项。", 2016, {("patents_granted", 2016, None, 14)}),
    ("2016年公司专利授权44件。", 2016, {("patents_granted", 2016, None, 44)}),
    # pending applications held, and two counts added together, are no year's applications
    ("共持有受理专利数 52项\n", 2016, set()),
    ("公司拥有专利申请1380件，其中发明专利610件。", 2016, set()),
    ("2016年，公司各单位年授权和受理专利73项。", 2016, set()),
    # a count of times straight before the act it counts (no verb between)
    ("共开展培训150余场，1.2万余人次参训，提升了员工素质。", 2016, {("trainees", 2016, None, 12000)}),
    ("全年2600人次参加培训。", 2016, {("trainees", 2016, None, 2600)}),
    # ... a count of people does not: these are the insured, not the company's women
    ("公司为420名女性员工参保。", 2016, set()),
]

# The amount first, then what it was spent on (data/purposes.yaml): no KPI label before the number;
# the purpose names the KPI when it is the whole domain and ends the amount's clause.
AMOUNT_THEN_PURPOSE: list[Case] = [
    ("2016年，公司全年投入1.64亿元用于环境保护。", 2016, {("environmental_investment", 2016, None, 1.64 * E)}),
    ("全年投入2.3亿元，用于节能减排工作。", 2016, {("environmental_investment", 2016, None, 2.3 * E)}),
    ("公司投入470万元用于员工培训（不含外部讲师费用），", 2016, {("training_investment", 2016, None, 470 * W)}),
    ("全年共计投入310万元用于精准扶贫……", 2016, {("poverty_alleviation_investment", 2016, None, 310 * W)}),
    ("公司投入470万元用于员工培训，", 2016, {("training_investment", 2016, None, 470 * W)}),
    ("2016年，公司投入5,200万元改善工作场所安全。", 2016, {("safety_investment", 2016, None, 5200 * W)}),
    ("公司投入人民币3,150万元用于精准扶贫。", 2016, {("poverty_alleviation_investment", 2016, None, 3150 * W)}),
    ("全年支出8.6亿元用于技术研发。", 2016, {("rd_investment", 2016, None, 8.6 * E)}),
    ("公司全年出资320万元用于公益慈善事业。", 2016, {("donations", 2016, None, 320 * W)}),
    ("本公司投入人民幣2.17億元用於環境保護。", 2016, {("environmental_investment", 2016, None, 2.17 * E)}),
    # a period the sentence names dates the amount: over several years, or since some year
    ("近三年投入940万元用于员工培训。", 2016, {("training_investment", 2016, 2014, 940 * W)}),
    ("自2011年以来，公司累计投入3,600万元用于精准扶贫。", 2016, {("poverty_alleviation_investment", 2016, 2011, 3600 * W)}),
    # no such KPI: accumulated with no first year, a plan, one plant's, one project, one kind of
    # work, a list of uses, a gift's one purpose
    ("公司累计投入830万元用于环境保护工作。", 2016, set()),
    ("公司计划投入600万元用于安全生产。", 2016, set()),
    ("公司拟投入2亿元用于研发。", 2016, set()),
    ("某电厂投入740万元用于环境保护。", 2016, set()),
    ("我们在华东地区投入人民币2.8亿元用于环境保护。", 2016, set()),
    ("公司在报告期内投入2.8亿元用于环境保护。", 2016, {("environmental_investment", 2016, None, 2.8 * E)}),
    ("公司出资45万元用于某村道路建设。", 2016, set()),
    ("公司投入650万元用于环保技术改造。", 2016, set()),
    ("公司投入1,150万元用于环保设施建设项目。", 2016, set()),
    ("公司投入380万元用于安全生产、环境保护和员工培训。", 2016, set()),
    ("公司投入380万元用于扶贫、助学等。", 2016, set()),
    ("公司投入90万元用于员工培训中心建设。", 2016, set()),
    ("公司捐资60万元用于某小学教学楼建设。", 2016, set()),
]

# The words of a label that make it not this KPI (kpis.yaml negative).
NEGATIVE_CUES: list[Case] = [
    # profits paid out to shareholders (分配利润总额) are no total profit; 扣除非经营性损益 misprints 非经常性
    ("自2010年以来，累计向股东分配利润总额25亿元。", 2016, set()),
    ("归属于上市公司股东的扣除非经营性损益的 净利润为1,036.5万元。", 2016, set()),
    # applications and grants counted together (申请或获得授权) are neither
    ("申请或获得授权专利数186项", 2016, set()),
    ("公司申请专利200项，获得授权专利186项。", 2016,
     {("patent_applications", 2016, None, 200), ("patents_granted", 2016, None, 186)}),
    # a label that titles a block of figures (…培训数据, …统计) is not followed by its own number
    ("2016年员工培训数据\n1,234人，培训天数2,345天\n", 2016, set()),
    ("全年培训员工1,234人次。", 2016, {("trainees", 2016, None, 1234)}),
    # what a computation says is needed each year (以…计，每年需…) is no measured figure
    ("以公司全部车辆计，每年需消耗水1.8万吨，每年耗电9万度。", 2016, set()),
    # research funds approved for or granted to the company are no R&D spending
    ("2016年，公司立项科研经费1,200万元，年内累计投入研发经费8,300.5万元，获得科研经费900万元。", 2016,
     {("rd_investment", 2016, None, 8300.5 * W)}),
    ("归属于上市公司股东的净利润5.6亿元。", 2020, set()),
    ("实现归属于上 市公司股东的净利润27,680.13万元。", 2016, set()),
    ("研发投入占营业收入的比例为4.2%。", 2020, set()),
    ("员工自发组织爱心募捐，共收到捐款3.5万元。", 2020, set()),
    ("2016年，公司爱心驿站共收集爱心捐款8.2万元。", 2016, set()),  # collected from the staff
    ("减少危险废物产生量1.2吨。", 2020, set()),
    ("男性员工总数（人） 1,658\n", 2016, set()),
    ("男女员工比例（%） 0.82:1", 2020, set()),
    ("每 10 股派发现金股利（元） 9.5", 2020, set()),
    # a change to a new level (减少至, 降至) is no negative cue: the number after it is the level
    ("公司用电量减少1.2万千瓦时。", 2016, set()),
    ("公司用电量从2015年的15.3万千瓦时减少至2016年的14.2万千瓦时。", 2016,
     {("electricity_consumption", 2015, None, 153000), ("electricity_consumption", 2016, None, 142000)}),
    ("二氧化硫排放量由2015年的1,000吨降至800吨。", 2016,
     {("so2_emissions", 2015, None, 1000), ("so2_emissions", 2016, None, 800)}),
    # another quantity converted into CO2 (power saved, paper bought) is not the emissions
    ("2016年总部同比减少用电120万度，折合二氧化碳排放980吨。", 2016, set()),
    ("全年采购复印纸约3万包，折合二氧化碳当量排放量约850.5吨。", 2016, set()),
    ("实施造林碳汇减排C〇2e每年约2.4 万吨。", 2016, set()),  # an effect per year: an estimate
]

# A value whose number cannot be a company's figure (kpis.yaml plausible ranges).
IMPLAUSIBLE: list[Case] = [
    ("营业收入（元）\t人民币169\n", 2020, set()),
    ("女性员工比例约 1595%", 2020, set()),
    ("公司总资产1,382,178.65亿元。", 2016, set()),  # 万元 misprinted as 亿元: above any company's assets
    ("利润总额（万元）\t-3180.45\n", 2016, {("total_profit", 2016, None, -3180.45 * W)}),
]

# Labels and numbers printed apart: infographics, captions, breakdowns.
LAYOUTS: list[Case] = [
    # rows of a list with dot leaders (营业收入.......金额): each row is a statement of its own, so a
    # part word of the row above (归属于母公司…) does not narrow the next one
    ("2016年社会贡献\n营业收入..........123,456.78万元\n归属于母公司所有者的净利润.......2,345.6万元\n"
     "上缴国家税费（不含社保）........9,876.54万元\n", 2016,
     {("revenue", 2016, None, 123456.78 * W), ("taxes_paid", 2016, None, 9876.54 * W)}),
    # a chart's title (numbered, with its unit) over its axis of years (legend swatches ■ before them), then
    # one value per year in the axis's order
    ("5.年度环保支出（万元)\n■ 2016 ■ 2015\n8,984\n7,866\n", 2016,
     {("environmental_investment", 2016, None, 8984 * W), ("environmental_investment", 2015, None, 7866 * W)}),
    ("年度环保支出（万元）\n2016 2015\n8,984 7,866\n", 2016,
     {("environmental_investment", 2016, None, 8984 * W), ("environmental_investment", 2015, None, 7866 * W)}),
    # a panel printing its figure again in large type on the next line: no second column
    ("女性员工比例约18.5%\n18.5%\n", 2016, {("female_employees_ratio", 2016, None, 0.185)}),
    # a page number alone on the line after a value with its unit is no second column
    ("1、员工总人数：2350人\n7\n某某医药股份有限公司\n", 2016, {("employees", 2016, None, 2350)}),
    # a panel's figure captioned 其中… on the line below is the part's, not the label's whole
    ("2016年共招聘高校毕业生\n|\n丨38人\n其中海外留学生\n", 2016, set()),
    ("员工总数\n5,230人\n其中女性员工2,100人\n", 2016,
     {("employees", 2016, None, 5230), ("female_employees", 2016, None, 2100)}),
    # a chart's legend of counts under a sex breakdown header; a group's breakdown (新员工) is not the staff's
    ("男女员工比例\n■男性/ 3,120人\t■女性/1,480人\n", 2016, {("female_employees", 2016, None, 1480)}),
    ("员工性别构成\n男 3,200人\n女 1,900人\n", 2016, {("female_employees", 2016, None, 1900)}),
    ("新员工性别构成\n男 320人\n女 190人\n", 2016, set()),
    # a sex-breakdown row of a table whose columns are the sexes: the women's column, a percent by its unit
    # cell; a group's row (管理人员性别比例) and a row of counts are not the staff's share
    ("指标\t单位\t男性\t女性\n员工性别比例\t%\t43\t57\n管理人员性别比例\t%\t66\t34\n", 2016,
     {("female_employees_ratio", 2016, None, 0.57)}),
    ("项目\t男\t女\n员工性别比例（%）\t52.5\t47.5\n", 2016, {("female_employees_ratio", 2016, None, 0.475)}),
    ("指标\t单位\t男性\t女性\n员工性别比例\t人\t4100\t5900\n", 2016, set()),
    # a table's rows dumped one cell a line, the year header elsewhere: which number is whose year is unknown
    ("环境绩效\n二氧化硫排放（吨）\n1,200\n1,350\n1,100\n氮氧化物排放（吨）\n800\n760\n指标\n2014年\n2015年\n2016年\n", 2016,
     set()),
    ("关键绩效\n营业收入\n95.2亿元\n同比增长12%\n员工总数\n5,210人\n", 2016,
     {("revenue", 2016, None, 95.2 * E), ("employees", 2016, None, 5210)}),
    ("公司概况\n\n资产总额\n\n3,120 亿元\n\n营业收入\n\n875 亿元\n", 2020,
     {("total_assets", 2020, None, 3120 * E), ("revenue", 2020, None, 875 * E)}),
    ("综合能耗\n\n6.25\n万吨标准煤\n\n万元产值综合能耗\n（可比价）\n\n0.045\n吨标准煤 / 万元\n", 2020,
     {("energy_consumption", 2020, None, 62500), ("energy_intensity", 2020, None, 0.045)}),
    ("员工总数（人）\n\n8,812\n\n少数民族员工人数（人）\n\n431\n", 2020,
     {("employees", 2020, None, 8812), ("minority_employees", 2020, None, 431)}),
    ("12.5\n吨\n\n3.1\n吨\n\n减排二氧化硫\n\n减排氮氧化物\n", 2020,
     {("so2_reduction", 2020, None, 12.5), ("nox_reduction", 2020, None, 3.1)}),
    # a panel title naming the KPI of the label below it is no run of labels (能源消耗情况 / 总能耗)
    ("能源消耗情况\n总能耗\n5210.8\n吨标准煤\n\n燃油\n320\n吨\n天然气\n12.6\n万立方米\n", 2020,
     {("energy_consumption", 2020, None, 5210.8)}),
    ("2018 年\n\n2020 年\n\n营业收入\n\n410 亿元\n\n520 亿元\n", 2020,
     {("revenue", 2018, None, 410 * E), ("revenue", 2020, None, 520 * E)}),
    ("7968人 公司在职员工总数\n100% 劳动合同签订率\n", 2016, {("employees", 2016, None, 7968)}),
    # a box's figure, a tab, then its label: 资金总投入 ends the poverty label as 总投入 ends others
    ("860.5万元\t扶贫资金总投入\n52人\t帮助脱贫人数\n", 2016, {("poverty_alleviation_investment", 2016, None, 860.5 * W)}),
    ("1,250万元\t安全生产资金总投入\n", 2016, {("safety_investment", 2016, None, 1250 * W)}),
    ("员工性别结构\n\n男性\n71.2%\n\n女性\n28.8%\n", 2020, {("female_employees_ratio", 2020, None, 0.288)}),
    ("能源种类 用量\n电（万千瓦时） 2,350.5\n天然气（万立方米） 120\n合计（吨标准煤） 3,015\n", 2021,
     {("electricity_consumption", 2021, None, 23505000), ("energy_consumption", 2021, None, 3015)}),
    ("公司2016年度社会贡献值\n项目\t金额（万元）\n支付员工薪酬\t300,624.1\n对外捐赠\t65.1\n", 2016,
     {("donations", 2016, None, 651000)}),
    ("少数民族\t人\t89\n", 2016, {("minority_employees", 2016, None, 89)}),
    # a chart: its values, its legend and its axis of years, in any of the orders text dumps give
    ("员工结构。\n27.20%\n27.42%\n28.26%\n女性员工比例\n2019 2020 2021\n", 2021,
     {("female_employees_ratio", 2019, None, 0.272), ("female_employees_ratio", 2020, None, 0.2742),
      ("female_employees_ratio", 2021, None, 0.2826)}),
    ("学历与性别。\n33.30%\n27.20%\n37.04%\n27.42%\n37.33%\n28.26%\n大专及以上学历 女性员工比例\n2019 2020 2021\n", 2021,
     {("female_employees_ratio", 2019, None, 0.272), ("female_employees_ratio", 2020, None, 0.2742),
      ("female_employees_ratio", 2021, None, 0.2826)}),
    ("员工与培训。\n5,210\n5,480\n5,730\n88,000\n95,500\n101,200\n员工总数（人） 培训人次（人次）\n2019 2020 2021\n", 2021,
     {("employees", 2019, None, 5210), ("employees", 2020, None, 5480), ("employees", 2021, None, 5730),
      ("trainees", 2019, None, 88000), ("trainees", 2020, None, 95500), ("trainees", 2021, None, 101200)}),
    # numbers printed above their labels, box after box
    ("2.3亿元\n员工培训总投入\n1500万元\n帮扶困难员工投入\n98万人次\n员工培训总人次\n76420 人\n员工总数\n", 2016,
     {("training_investment", 2016, None, 2.3 * E), ("trainees", 2016, None, 980000), ("employees", 2016, None, 76420)}),
    # a chart's value axis (three or more evenly stepped numbers) is no value, nor is what stands
    # next to the chart's title or legend; the chart's own values are still read by year
    ("经济贡献\n营业收入（亿元）\n250\n200\n150\n100\n50\n0\n2018\t2019\t2020\n■营业收入（亿元）\n12\n", 2020,
     set()),
    ("净利润（单位：亿元）\n50\n40\t36.25\n30\n20\t18.4\n10\n2019 2020\n", 2020, set()),
    ("资产总额（万元）\n0\n1,500,000\n3,000,000\n4,500,000\n", 2020, set()),
    ("员工总数（人）\n6,000\n4,000\n2,000\n0\n5,210\t5,480\t5,730\n员工总数（人）\n2019 2020 2021\n", 2021,
     {("employees", 2019, None, 5210), ("employees", 2020, None, 5480), ("employees", 2021, None, 5730)}),
    # beside a value axis, bar values on lines of their own are printed in order of height, not year
    ("员工总数（人）\n6,000\n4,000\n2,000\n0\n5,730\n5,210\n5,480\n员工总数（人）\n2019 2020 2021\n", 2021, set()),
    ("员工流失率。\n3.22%\n3.25%\n3.28%\n员工流失率\n2019 2020 2021\n", 2021,
     {("employee_turnover_rate", 2019, None, 0.0322), ("employee_turnover_rate", 2020, None, 0.0325),
      ("employee_turnover_rate", 2021, None, 0.0328)}),
    # numbers above or below their labels: the side where more labels get a number of their KPI's
    # unit (the amount beside the investment, the person-times beside the trainees) is the block's
    ("76,420人\n员工总数\n2.6亿元\n员工培训总投入\n1,500万元\n帮扶困难员工投入\n98万人次\n员工培训总人次\n88.5小时\n"
     "员工受训平均时数\n", 2016,
     {("employees", 2016, None, 76420), ("training_investment", 2016, None, 2.6 * E), ("trainees", 2016, None, 980000)}),
    # one number above one label says nothing of the block's order
    ("1,600万元\n投入扶贫资金\n", 2016, set()),
    # ... but the box before it does: a number over a label naming no KPI, then the KPI's number
    # over its label, and nothing below that label
    ("某某\n512.6\n亿千瓦时\n年发电量\n86.31\n亿元\n营业收入\n荣获\n", 2016, {("revenue", 2016, None, 86.31 * E)}),
    # a run of numbers over the label, or a bare number under a rate naming no KPI, stays unpaired
    ("36.5 亿元\n570.6 亿元\n净利润\n年复合增长\n", 2016, set()),
    ("合同签订率(％)\n100\n工会入会率(％)\n100\n员工流失率(％)\n", 2016, set()),
    # panels side by side: a row of labels next to a row of as many numbers, cell by cell
    ("营业收入 纳税总额\n86.4亿元 4.2亿元\n", 2016, {("revenue", 2016, None, 86.4 * E), ("taxes_paid", 2016, None, 4.2 * E)}),
    ("12,640人 1,350万元\n员工总数 对外捐赠\n", 2016, {("employees", 2016, None, 12640), ("donations", 2016, None, 1350 * W)}),
    ("归属于母公司的净资产 营业收入 利润总额\n38.2亿元 61.5亿元 4.7亿元\n", 2016,
     {("revenue", 2016, None, 61.5 * E), ("total_profit", 2016, None, 4.7 * E)}),
    ("营业收入（亿元） 员工总数（人）\n52.6 8,120\n", 2016, {("revenue", 2016, None, 52.6 * E), ("employees", 2016, None, 8120)}),
    ("资产总额 员工总数\n3,120亿元 9.6万人\n营业收入 纳税总额\n1,480亿元 96亿元\n", 2016,
     {("total_assets", 2016, None, 3120 * E), ("employees", 2016, None, 96000), ("revenue", 2016, None, 1480 * E),
      ("taxes_paid", 2016, None, 96 * E)}),
    ("2015年关键绩效\n营业收入 纳税总额\n86.4亿元 4.2亿元\n", 2016,
     {("revenue", 2015, None, 86.4 * E), ("taxes_paid", 2015, None, 4.2 * E)}),
    ("某公司开展员工培训，覆盖各部门 和各层级员工，培训效果良好。\n培训投入 培训人次 人均受训时间\n2,795万元 6.28万人次 88小时\n", 2016,
     {("training_investment", 2016, None, 2795 * W), ("trainees", 2016, None, 62800)}),
    # ... and rows left alone: one KPI twice (three plants' figures), a table's header word and its
    # year column, a table's body of several rows, a header printed on two lines, counts or units
    # that disagree, a chart's legend over one year's bars
    ("有害废弃物总量 有害废弃物总量\n60吨 150吨\n", 2016, set()),
    ("年份 营业收入 净利润\n2015 28.4亿元 1.9亿元\n", 2016, set()),
    ("营业收入 员工总数\n2016 5,210人\n", 2016, set()),
    ("营业收入 员工总数\n12.1亿元 5,210人\n13.5亿元 5,400人\n", 2016, set()),
    ("吨水泥综合 吨熟料\n能耗 氮氧化物排放量\n74.0吨 0.7吨\n", 2016, set()),
    ("营业收入 纳税总额 员工总数\n86.4亿元 4.2亿元\n", 2016, set()),
    ("营业收入 员工总数\n12.1亿元 5,210吨\n", 2016, set()),
    ("■营业收入 ■净利润\n85.2亿元 6.1亿元\n2014 2015 2016\n", 2016, set()),
]

# The year and period a value refers to.
YEARS_AND_PERIODS: list[Case] = [
    # 截止报告期 / 截至报告期末 is the date a running total reaches, not the report year as a whole
    ("截止报告期，公司累计申请专利310件，获得授权150件。", 2016, set()),
    ("截至报告期末，公司累计获得授权专利150件。", 2016, set()),
    ("报告期内，公司累计培训员工3200人次。", 2016, {("trainees", 2016, None, 3200)}),
    # 先后 (one after another) sums over years when no year is named
    ("研究人员共完成科研项目56项，先后获授权发明专利35项。", 2016, set()),
    ("2016年，公司先后开展助学、扶贫等公益活动，对外捐赠共计50万元。", 2016, {("donations", 2016, None, 50 * W)}),
    # a sentence-wide cue (成立以来) with a date after it: the date is the figures'
    ("自成立以来，公司主营业务未发生变化，截至2016年12月31日，公司总资产达33亿元，实现营业收入6.9亿元。", 2016,
     {("total_assets", 2016, None, 33 * E), ("revenue", 2016, None, 6.9 * E)}),
    ("自成立 以来，公司爱心基金共参与慈善捐助项目35项，整体捐助金额为1,278万元。", 2016, set()),
    # an undated value told before a sentence that opens with an earlier year: an account of past years
    ("积极支持抗灾。地震发生后，公司第一时间通过红十字会捐款30万元，成为首家捐款的企业。2010年4月，公司向灾区捐款60万元。", 2016,
     set()),
    ("公司对外捐赠120万元。\n\n2015年，公司对外捐赠80万元。", 2016,
     {("donations", 2016, None, 120 * W), ("donations", 2015, None, 80 * W)}),
    ("公司对外捐赠120万元。2017年，公司计划捐赠80万元。", 2016, {("donations", 2016, None, 120 * W)}),
    # 近年来 / 近几年 name no first year
    ("近年来，某公司获得发明专利5项、实用新型专利8项。", 2016, set()),
    ("“十三五”期间，公司累计纳税超过80亿元。", 2020, {("taxes_paid", 2020, 2016, 80 * E)}),
    ("2015年以来，公司累计投入扶贫资金2,600万元。", 2020, {("poverty_alleviation_investment", 2020, 2015, 2600 * W)}),
    ("2017-2020年，公司环保投入合计9.6亿元。", 2020, {("environmental_investment", 2020, 2017, 9.6 * E)}),
    ("截至2020年底，公司累计捐赠3,000万元。", 2020, set()),
    ("截至目前，已投入帮扶资金120万元。", 2020, set()),
    ("回馈社区发展\n历年精准扶贫投入总额（万元）\t296\n", 2016, set()),
    ("多年来累计捐助了27名贫困大学生，捐款总额超过60万元。", 2016, set()),
    ("某产品集多项核心技术于一体，现已申请国家专利36项。", 2016, set()),
    ("公司现已拥有员工3,600人。", 2016, {("employees", 2016, None, 3600)}),
    ("截至2016年底，公司累计申请专利564项，授权专利361项。", 2016, set()),
    ("公司多年来一直处于领先地位，公司总资产超240亿元。", 2016, {("total_assets", 2016, None, 240 * E)}),
    ("项目\t金额\n本年累计对外捐赠（万元）\t296\n", 2016, {("donations", 2016, None, 296 * W)}),
    ("截至2021年6月底，公司员工总数5.2万人。", 2020, {("employees", 2021, None, 52000)}),
    ("全年累计培训员工3.1万人次。", 2020, {("trainees", 2020, None, 31000)}),
    ("公司上年营业收入为95亿元。", 2020, {("revenue", 2019, None, 95 * E)}),
    ("截至2016年12月31日，公司实现营业收入人民币46.71亿元。", 2016, {("revenue", 2016, None, 46.71 * E)}),
    ("公司近三年纳税40亿元。", 2016, {("taxes_paid", 2016, 2014, 40 * E)}),
    # a count of years before 累计 is a period even when the sentence opens with the report's year
    ("2016年，公司实现营业收入50亿元，十年 累计创造净利润约80亿元。", 2016,
     {("revenue", 2016, None, 50 * E), ("net_profit", 2016, 2007, 80 * E)}),
    ("2016年，公司两年累计投入研发费用超过900万元。", 2016, {("rd_investment", 2016, 2015, 900 * W)}),
    ("2016年累计投入研发费用900万元。", 2016, {("rd_investment", 2016, None, 900 * W)}),
    ("由公司于2009年全额捐资50万元设立专项救助基金。", 2016, set()),
    # a sentence giving each year's total up to the report's year is a series, its oldest year included
    ("2010年共计捐赠190.3万元；2011年公司共计捐赠310.5万元；2012年公司共计捐赠280.2万元；"
     "2013年公司共计捐赠402.7万元；2014年公司共计捐赠515.9万元。", 2014,
     {("donations", 2010, None, 190.3 * W), ("donations", 2011, None, 310.5 * W),
      ("donations", 2012, None, 280.2 * W), ("donations", 2013, None, 402.7 * W),
      ("donations", 2014, None, 515.9 * W)}),
    # ... with a year missing before the report's, the older years stay history
    ("2010年共计捐赠190.3万元；2014年公司共计捐赠515.9万元。", 2014, {("donations", 2014, None, 515.9 * W)}),
    ("22年来，公司每年拨付扶贫款，累计拨付近人民币1,000万元。", 2016,
     {("poverty_alleviation_investment", 2016, 1995, 1000 * W)}),
    # a run of years nearer to 累计 than the report period that opens the list says what it adds up
    ("报告期内，基金会开展了农村结对帮扶工作，公司连续五年开展对口帮扶，累计帮扶资金1500多万元。", 2016, set()),
    ("报告期内，公司累计投入扶贫资金320万元。", 2016, {("poverty_alleviation_investment", 2016, None, 320 * W)}),
    # 累计 after the year's figure of the same KPI: the running total beside it, not a second item
    ("全年完成发明专利申请35项，外观设计专利5项，当年授权发明专利4项；累计发明专利申请410项，发明专利授权150项。", 2016,
     {("invention_patent_applications", 2016, None, 35), ("invention_patents_granted", 2016, None, 4)}),
    ("2016年公司捐款120万元，成立以来累计捐款2000万元。", 2016, {("donations", 2016, None, 120 * W)}),
    # ... but 累计 after another KPI's count adds up the year
    ("全年开展培训40场，累计培训2600人次。", 2016, {("trainees", 2016, None, 2600)}),
    # a label ending in its unit (参训人次) with a bare whole number after it; not a year, not a decimal
    ("2016年，公司共组织9800小时培训，参训人次2870，外派培训60人次。", 2016, {("trainees", 2016, None, 2870)}),
    ("2016年，员工培训人次为4120。", 2016, {("trainees", 2016, None, 4120)}),
    ("公司培训人次2016年较上年增长。", 2016, set()),
    # ... nor when 累计 names the year (年内累计: two figures of one year, neither taken alone) or
    # belongs to a figure of another unit (累计培训课时…小时)
    ("2016年度，公司科研经费1,200万元，年内累计投入研发经费8,300.5万元。", 2016, set()),
    ("全年公司各单位共组织培训20余次，开展岗位竞赛6次，累计培训课时150小时，参加培训员工900余人次。", 2016,
     {("trainees", 2016, None, 900), ("training_hours", 2016, None, 150)}),
    # the year of a comparison's base (与2015年…相比) does not date the figure after it
    ("截至2016年12月31日，公司员工总人数为2300名，与2015年12月31日2100名相比新增就业人数200名。", 2016,
     {("employees", 2016, None, 2300), ("new_hires", 2016, None, 200)}),
    # 归属于母公司 in an earlier clause says whom a figure is attributed to, it names no part
    ("总资产50.2亿元，净资产10.1亿元，归属于母公司的所有者权益9.8亿元，营业收入20.5亿元，净利润1.2亿元。", 2016,
     {("total_assets", 2016, None, 50.2 * E), ("revenue", 2016, None, 20.5 * E), ("net_profit", 2016, None, 1.2 * E)}),
    ("牵头“十三五”国家重点研发计划6项，研发投入98.7亿元。", 2016, {("rd_investment", 2016, None, 98.7 * E)}),
    ("截至2016年底，公司捐资总额超过4.5亿元人民币。", 2016, set()),
    ("2016年，公司对外捐赠超过1,200万元。", 2016, {("donations", 2016, None, 1200 * W)}),
    ("从上市之初至2016年末，公司总资产由39.97亿元增长到198.44亿元。", 2016, {("total_assets", 2016, None, 198.44 * E)}),
    ("总资产由2.43亿元发展到117.50亿元。", 2016, {("total_assets", 2016, None, 117.5 * E)}),
    # a list of years and a list of values: one row per year, in order
    ("2016年、2017年和2018年公司培训资金分别为540万元、575万元和612万元。", 2018,
     {("training_investment", 2016, None, 540 * W), ("training_investment", 2017, None, 575 * W),
      ("training_investment", 2018, None, 612 * W)}),
    ("公司2014年至2016年缴纳税费分别为22.67亿元、35.10亿元和61.21亿元。", 2016,
     {("taxes_paid", 2014, None, 22.67 * E), ("taxes_paid", 2015, None, 35.1 * E), ("taxes_paid", 2016, None, 61.21 * E)}),
    # the year before's figure in brackets
    ("截至2018年底，公司员工总数4,108人（2017年：3,877人）。", 2018,
     {("employees", 2018, None, 4108), ("employees", 2017, None, 3877)}),
    ("公司营业收入120亿元（上年：95亿元）。", 2018, {("revenue", 2018, None, 120 * E), ("revenue", 2017, None, 95 * E)}),
    # a year printed between the label and the number dates it; an old value with its year is read too
    ("营业收入从2015年的80亿元增长到2016年的100亿元。", 2016,
     {("revenue", 2015, None, 80 * E), ("revenue", 2016, None, 100 * E)}),
    ("员工人数由2014年底的5,000人增至6,000人。", 2016, {("employees", 2014, None, 5000), ("employees", 2016, None, 6000)}),
    ("公司营业收入2015年为80亿元。", 2016, {("revenue", 2015, None, 80 * E)}),
    ("营业收入较2015年增长10%，达到100亿元。", 2016, {("revenue", 2016, None, 100 * E)}),
    # a sum over years beside the year's figure is no sibling item of it
    ("公司已累计对外捐款超1.8亿元，2016年全年捐款超3,000万元。", 2016, {("donations", 2016, None, 3000 * W)}),
    ("2016年缴纳各项税费3.45亿元，截止2016年底，累计缴纳税费总额44.3亿元。", 2016, {("taxes_paid", 2016, None, 3.45 * E)}),
    ("截至2016年12月31日，公司拥有在职员工总人数为5,493人。", 2016, {("employees", 2016, None, 5493)}),
    # the report's own period named after an earlier year
    ("受2015年市场下滑的影响，报告期内，公司营业收入60亿元。", 2016, {("revenue", 2016, None, 60 * E)}),
    # holdings are no year's flow, but a head count is today's level
    ("截至2016年底，公司共拥有授权专利600项。", 2016, set()),
    ("公司拥有员工5,000人。", 2016, {("employees", 2016, None, 5000)}),
    ("公司青年志愿者协会拥有注册志愿者1,200人。", 2016, {("volunteers", 2016, None, 1200)}),
    # the company's founding date dates the company, not the value
    ("公司成立于1998年，现有员工1,200人。", 2016, {("employees", 2016, None, 1200)}),
    ("公司创立于2003年5月，2016年实现营业收入12亿元。", 2016, {("revenue", 2016, None, 12 * E)}),
    # a year whose clause ends with the founding verb dates the founding (年…成立，现…)
    ("某公司2001年6月由某研究院发起成立，现注册资本2.5亿元，总资产41.2亿元。", 2016,
     {("total_assets", 2016, None, 41.2 * E)}),
    ("公司于1999年在深圳证券交易所上市，现有在职员工3,400人。", 2016, {("employees", 2016, None, 3400)}),
    # a founding verb with its object does not end the clause: the year still dates the value
    ("2015年成立扶贫基金，投入扶贫资金300万元。", 2016, {("poverty_alleviation_investment", 2015, None, 300 * W)}),
]

# A value of one part of the company (a subsidiary, plant, unit, team) or of another company.
SCOPE: list[Case] = [
    # a bracket saying the units are included makes the company with them the whole group
    ("2016年，公司（包括子公司）实缴税金合计46.65亿元。", 2016, {("taxes_paid", 2016, None, 46.65 * E)}),
    ("公司在册员工（含主要子公司）929人，其中管理人员211人。", 2016, {("employees", 2016, None, 929)}),
    # a statement opening with its year after a heading or a timeline item is a sentence of its own: the
    # part named before it does not scope it (a text dump's space, or a line break normalize kept) ...
    ("二是完善子公司管理体系 2016年，公司实现营业收入12亿元。", 2016, {("revenue", 2016, None, 12 * E)}),
    ("公司总部位于某市，是由某集团于1997年发起设立的股份有限公司。2012年6月设立控股子公司某某海外有\n"
     "2016年，公司生产原煤6,600万吨，实现营业收入1,019.8亿元，利润总额31.4亿元。", 2016,
     {("revenue", 2016, None, 1019.8 * E), ("total_profit", 2016, None, 31.4 * E)}),
    # ... but not after a word the year belongs to
    ("公司下属子公司截至 2016年，实现营业收入12亿元。", 2016, set()),
    # training counted online or by video link is one channel's (远程, 网络形式), on site another's (现场)
    ("全年共完成35场集中培训；现场参训人员约2,800人，通过远程视频或网络形式参训人员超过1,500人。", 2016, set()),
    ("下属某电厂二氧化硫排放量120吨。", 2020, set()),
    ("公司项目管理部全年用电量120万千瓦时。", 2020, set()),
    ("所属华东分公司实现营业收入12亿元。", 2020, set()),
    ("智能业务板块研发部门共获得专利授权23项。", 2016, set()),
    ("蓝天饮料有限公司的屋顶太阳能电站年发电33万度，减排二氧化碳292吨。", 2016, set()),
    ("分包商培训人次（万人次） 122\n", 2016, set()),
    ("集团母公司万元产值能耗 0.167\n", 2016, set()),
    ("远航集团工会拨付386万元用于各企业帮扶资金。", 2016, set()),
    ("(七) 主要控股参股公司分析\n1.某某储运设备制造有限公司\n公司全资子公司。\n总资产：人民币 1,519,674,921.33 元\n"
     "净利润：人民币 70,662,576.11 元\n(八) 公司控制的结构化主体情况\n", 2019, set()),
    ("(七) 主要控股参股公司分析\n子公司略。\n(八) 经营情况讨论\n报告期内，公司实现营业收入 117,530.10 万元。\n", 2019,
     {("revenue", 2019, None, 1175301000)}),
    ("2016年，广东省全社会用电量累计5,610亿千瓦时。", 2016, set()),
    ("根据国家统计局数据，全国规模以上白酒企业实现利润总额1701.94亿元。", 2021, set()),
    # ... but the company's units taken together are the company
    ("2020年，集团所属企业新申请专利320项。", 2020, {("patent_applications", 2020, None, 320)}),
    ("全年集团各级企业投入环保资金1.5亿元。", 2020, {("environmental_investment", 2020, None, 1.5 * E)}),
    ("报告期内，公司及全资子公司合计对外捐赠支出 135.16万元。", 2016, {("donations", 2016, None, 1351600)}),
    ("2012年公司及下属控股子公司在职员工总数7,524人。", 2012, {("employees", 2012, None, 7524)}),
    ("公司及所属子公司共有员工7,500人。", 2016, {("employees", 2016, None, 7500)}),
    ("本行及其境内外分支机构共有员工3,000人。", 2016, {("employees", 2016, None, 3000)}),
    ("2020年度公司本部及所属公司全年缴纳税款为3.2亿元。", 2020, {("taxes_paid", 2020, None, 3.2 * E)}),
    ("2020年，集团总部和各子公司共有员工5,200人。", 2020, {("employees", 2020, None, 5200)}),
    # ... and a part the company is the subject of in an earlier clause is what it did, not whose figure
    ("2016年，公司完成项目验收，全年实现营业收入54.75亿元。", 2016, {("revenue", 2016, None, 54.75 * E)}),
    ("公司拥有30家控股子公司，资产总额380亿元，在册员工28,000人。", 2016,
     {("total_assets", 2016, None, 380 * E), ("employees", 2016, None, 28000)}),
    ("2016年，某子公司完成技术改造，全年实现营业收入5亿元。", 2016, set()),
    # the head office alone (公司本部, like 总部) is one part of the company
    ("2020年公司本部全年电力消耗 520万千瓦时，新鲜用水量12.5万吨。", 2020, set()),
    # ... and a part word counted by its own number in an earlier clause is one item of a list of
    # what the company did (承担项目3项，…), unless the number is a date or serial (某电厂2016年…)
    ("2020年，公司承担国家重点研发项 目3项，承担省级科技项目2项，新增授权专利86项。", 2020,
     {("patents_granted", 2020, None, 86)}),
    ("2020年，公司新开门店45家，全年实现营业收入12亿元。", 2020, {("revenue", 2020, None, 12 * E)}),
    # ... but not in a sentence the company is not the subject of (某研究站完成项目12项，…)
    ("某研究站人员共完成科研项目14项，先后获授权发明专利9项。", 2020, set()),
    ("某电厂2020年完成改造，全年实现营业收入3亿元。", 2020, set()),
    ("2020年，所属电厂6家实现营业收入8亿元。", 2020, set()),
    # a total given with its unit, then a bare year opening the next line: no table row
    ("•缴纳税款约3.5亿元 绩效 •对外公益总投入860万元\n2020\t•某助学项目受益人数2万名", 2020,
     {("taxes_paid", 2020, None, 350_000_000), ("donations", 2020, None, 8_600_000)}),
    ("2020年，甲厂、乙厂利用小时均高于区域平均，两厂共完成利润总额5.20亿元。", 2020, set()),
    # ... except for a gift: the programme the company ran is what the money went to
    ("2016年，公司继续开展大病救助项目，累计捐助资金13万元。", 2016, set()),
    # ... and a clause that only says where or what the company is names no part of it
    ("公司总部设在深圳，员工总数8,100人。", 2016, {("employees", 2016, None, 8100)}),
    ("公司是某某科技园区的重点纳税户之一，2016年度共缴纳税款 1,200,000.50元。", 2016,
     {("taxes_paid", 2016, None, 1200000.5)}),
]

# A part of the KPI: a category glued to the label, 其中…, a bracketed note, one kind of training.
PARTS: list[Case] = [
    # one kind of training of several counted in one sentence (岗位培训…人次，技能等级培训…人次): none is the total;
    # all kinds together (各类培训), or the kinds after 其中, leave the total whole
    ("2016年度公司共组织岗位培训98,210人次，技能等级培训 4,120人次，继续教育9,870人次。", 2016, set()),
    ("2016年度，本行各类培训累计参加98万人次，全年共组织4,210人次资格考试。", 2016, {("trainees", 2016, None, 980000)}),
    ("报告期内，全行共组织各类培训约98万人次，其中集中培训40余万人次，远程培训50余万人次。", 2016,
     {("trainees", 2016, None, 980000)}),
    # a kind named between the label and the first of several amounts of one enumeration: its first item
    ("2016年，公司产生的危险废物废酸310.5吨、废油泥80.2吨、废矿物油2.1吨，全部交有资质单位处置。", 2016, set()),
    ("2016年，公司产生危险废物392.8吨，其中废酸310.5吨、废油泥80.2吨。", 2016, {("hazardous_waste", 2016, None, 392.8)}),
    ("2016年，危险废物310.5吨、一般固废80.2吨。", 2016, {("hazardous_waste", 2016, None, 310.5)}),
    # a programme as the subject of the classes it ran: its people; the company running classes: all of them
    ("以提升管理力为主的精益生产开设了12个班，参训人数850人。", 2021, set()),
    ("2021年，公司开设了12个班，参训人数850人。", 2021, {("trainees", 2021, None, 850)}),
    # the same training counted in heads and in person-times: the person-times, no list of two items
    ("2016年，公司参加教育培训人员共4,696人，参训人次达到10,463人次。", 2016, {("trainees", 2016, None, 10463)}),
    ("2016年，公司开展安全培训3000人次，技能培训5000人次。", 2016, set()),
    # a class named by what it teaches (绿带培训班, 学历班): the people after it are that class's; a class named by
    # a general word, a verb or a count, an enumeration closed by 等, or a 全年 clause: the year's whole
    ("公司在2016年组织开展了两个绿带培训班和一个黑带培训班，参训人员超过350人。", 2016, set()),
    ("2016年，公司共举办17期各类培训班，参训人员306名。", 2016, {("trainees", 2016, None, 306)}),
    # a named salon or lecture series (创新沙龙, 大讲堂) is one programme too; 各类沙龙 is all of them
    ("2016年，公司青年创新沙龙共开展6期，累积培训300多人。", 2016, set()),
    ("2016年，“职工大讲堂”共举办9期，培训1800人次。", 2016, set()),
    ("2016年，公司举办各类沙龙12期，累计培训2000人次。", 2016, {("trainees", 2016, None, 2000)}),
    ("2016年，公司组织了“启航”、“领航”管理训练营、产品经理工作坊等10余场培训项目，全年线上线下培训人数超过2000人次。", 2016,
     {("trainees", 2016, None, 2000)}),
    # external institutions' courses are one channel's
    ("2016年安排员工参加社会专业机构培训28人次。", 2016, set()),
    # a group framed by 中 right before the label (新招聘员工中，女员工占比…): the share within that group
    ("在新招聘员工中，女员工占比40%。", 2016, set()),
    ("管理人员中女性员工占比35%。", 2016, set()),
    ("全体员工中，女性员工占比40%。", 2016, {("female_employees_ratio", 2016, None, 0.4)}),
    # the company followed by a part word and a count lists what it has: still the subject
    ("目前，公司旗下拥有30余家子公司，总资产85.5亿元，净资产40.2亿元。", 2016, {("total_assets", 2016, None, 85.5 * E)}),
    ("公司下属8个二级单位，资产总额52.1亿元。", 2016, {("total_assets", 2016, None, 52.1 * E)}),
    # the annual reports' 母公司及主要子公司: the parent with its subsidiaries, the whole company; the parent alone is a part
    ("截至2016年末，母公司及主要子公司在职员工12300人。", 2016, {("employees", 2016, None, 12300)}),
    ("2016年末，母公司员工总数300人。", 2016, set()),
    # ... and does not make a later flow a sum over the years; what the company has earned (拥有4个工艺包) does
    ("截至2016年12月31日，集团公司总资产80.5亿元，拥有12个职能部门、控股子公司20家，员工总数1200人，实现营业收入15.3亿元。",
     2016, {("total_assets", 2016, None, 80.5 * E), ("employees", 2016, None, 1200), ("revenue", 2016, None, 15.3 * E)}),
    ("截至2016年12月31日，公司拥有4个工艺包，已申报专利19项。", 2016, set()),
    ("公司所属电厂总资产52.1亿元。", 2016, set()),
    # 项目调研、项目申报: practices, naming no project
    ("公司深化产学研合作，积极进行项目调研、项目申报工作，申请专利21项，取得授权专利15项。", 2016,
     {("patent_applications", 2016, None, 21), ("patents_granted", 2016, None, 15)}),
    # three or more kinds joined by 、 and closed by 等 are the whole range, not one part; fewer stay a part
    ("公司围绕安全、特殊 工种、科技工作、新入职员工培训等内容开展培训，共计开展各类培训120项，投入培训经费35万元。", 2016,
     {("training_investment", 2016, None, 35 * W)}),
    ("公司开展新入职员工培训，投入培训经费35万元。", 2016, set()),
    # a counted part word in an earlier clause (项目达到21项, 项目验收2项) is an item of a list, whatever the
    # clause's subject; a part word with a figure of another kind (某电厂发电量…) still names the part
    ("全年研发投入约3,300万元，全年完成新产品新技术项目达到21项，专利申请8项，专利授权12项。", 2016,
     {("rd_investment", 2016, None, 3300 * W), ("patent_applications", 2016, None, 8), ("patents_granted", 2016, None, 12)}),
    ("通过重点研发项目验收2项，新增专利申请31项，新增专利授权17项。", 2016,
     {("patent_applications", 2016, None, 31), ("patents_granted", 2016, None, 17)}),
    ("某电厂发电量100亿千瓦时，员工总数2000人。", 2016, set()),
    # ... counted before the part word too (开展了820期培训项目); an ordinal (第3期项目) still names the part
    ("2016年共开展了820期培训项目，学习总时长56.3万学时。", 2016, {("training_hours", 2016, None, 563000)}),
    ("2016年，第3期培训项目结束，学习总时长4.2万学时。", 2016, set()),
    # a topic named in an earlier statement (before ；) is not the count's
    ("开展专题培训、知识竞赛等；全年共计培训1,598人次。", 2016, {("trainees", 2016, None, 1598)}),
    ("开展专题培训600次，培训人数1,598人。", 2016, set()),
    ("截至2020年底，公司医疗帮扶投入1,000万元，住房保障投入900万元。", 2020, set()),
    ("全年产业扶贫资金投入300万元。", 2020, set()),
    ("困难员工帮扶投入 万元 150\n", 2016, set()),
    ("帮扶单亲特困女员工28人，投入近14万元。", 2016, set()),
    ("全年营业收入100亿元，其中主营业务收入90亿元。", 2016, {("revenue", 2016, None, 100 * E)}),
    ("截止年底，公司拥有的有效发明专利授权达2,386件，其中美国有效专利授权103件。", 2016, set()),
    ("申请专利2089项（自主品牌申请专利352项），其中申请发明专利共486项。", 2015,
     {("patent_applications", 2015, None, 2089), ("invention_patent_applications", 2015, None, 486)}),
    ("共有授权专利48项，其中39项发明专利，9项实用新型。", 2016,
     {("patents_granted", 2016, None, 48), ("invention_patents_granted", 2016, None, 39)}),
    ("共申请专利71项，其中实用新型专利48项、发明专利22项。", 2016,
     {("patent_applications", 2016, None, 71), ("invention_patent_applications", 2016, None, 22)}),
    ("2016年公司新增专利申请237项，获得发明专利授权78项。", 2016,
     {("patent_applications", 2016, None, 237), ("invention_patents_granted", 2016, None, 78)}),
    ("全年共开展和参加各类安全教育培训309次，接受培训人数8262人次。", 2016, set()),
    ("外籍员工人数\t人\t320\n", 2016, set()),
    ("直接温室气体排放量（吨）\t530.59\n", 2016, set()),
    ("总行大楼耗水总量\t吨\t64,993\n", 2016, set()),
    ("境外员工总数614人，其中本地员工520人。", 2016, set()),
    # the rest of a breakdown (其他…) is a part; after a joining word it is added to the listed items
    ("2016年公司其他捐赠400万元。", 2016, set()),
    ("2016年，公司在安全防护设施上共投入资金约2930万元，其中：设备改造700万元，劳动防护用品220万元，其他安全投入280万元。",
     2016, set()),
    ("全年扶贫和其他公益支出合计1,216.5万元。", 2016, {("donations", 2016, None, 1216.5 * W)}),
    # a KPI's name framed by 含…在内 is one item of a wider figure
    ("公司组织本部及下属各企业共120人参加城市马拉松，含捐 款在内合共投入28,650元。", 2016, set()),
    ("全年对外捐款（含物资捐赠在内）共计300万元。", 2016, {("donations", 2016, None, 300 * W)}),
    # women (or minority staff) counted under 其中 after another group's count are that group's
    ("2016年，公司新招聘员工800人，其中女员工300人（占比38%），应届毕业生120人。截至2016年底，公司员工共计5000人，"
     "其中女员工2100人（占比42%）。", 2016,
     {("new_hires", 2016, None, 800), ("employees", 2016, None, 5000), ("female_employees", 2016, None, 2100),
      ("female_employees_ratio", 2016, None, 0.42)}),
    ("2016年新招聘员工800人，其中少数民族员工30人。", 2016, {("new_hires", 2016, None, 800)}),
    # one topic of training: a topic word glued to 培训, in the clause or the sentence before
    ("2016年，累计开展质量培训600次，培训人数10,676人。", 2016, set()),
    ("全年外派培训88人次。", 2016, set()),
    ("加强内训师资队伍建设，完成各类培训82场次，培训人数达6,300人次。", 2016, {("trainees", 2016, None, 6300)}),
    ("项目\t2015年\t2016年\n反舞弊培训人次\t300\t400\n", 2016, set()),
    # a sub-group's row, and a 其中 row under a row of the same KPI
    ("项目\t2015年\t2016年\n高层员工中女性员工的比例（%）\t20\t25\n", 2016, set()),
    ("项目\t2015年\t2016年\n新进员工（人）\t500\t600\n其中：招收应届毕业生\t300\t400\n", 2016,
     {("new_hires", 2015, None, 500), ("new_hires", 2016, None, 600)}),
    ("项目\t2015年\t2016年\n员工总数（人）\t4000\t4200\n其中：少数民族员工\t300\t400\n", 2016,
     {("employees", 2015, None, 4000), ("employees", 2016, None, 4200),
      ("minority_employees", 2015, None, 300), ("minority_employees", 2016, None, 400)}),
]

# Giving: one gift to one recipient or project is not the year's giving; several amounts of one KPI
# in one sentence, or in the items of one list, are items.
GIFTS: list[Case] = [
    # works done for one recipient after the amount (对某校危房进行维修改造, 为某村安装路灯): one gift; help
    # given to people (对某村困难户进行帮扶) is no work
    ("捐资20万元对某乡中心校危房和校舍进行维修改造，确保教学用房安全。", 2016, set()),
    ("捐资10万元，为定点帮扶的某村四个村寨安装太阳能路灯。", 2016, set()),
    ("2016年，公司通过捐资6万元，对该村60户困难户进行帮扶。", 2016, {("donations", 2016, None, 6 * W)}),
    # the year's whole giving stated after a programme (全年…总金额), whatever came before; not a programme's
    ("通过慈善信托等活动，深化助学项目的探索，全年对外捐赠总金额1,250.5万元；坚持以人为本。", 2016,
     {("donations", 2016, None, 1250.5 * W)}),
    ("该项目全年对外捐赠总金额120万元。", 2016, set()),
    # an earlier clause counting the programmes: the total after it is all of them, whatever the subject
    ("全年对外捐赠项目120个，对外捐赠总额860.5万元。", 2016, {("donations", 2016, None, 860.5 * W)}),
    ("公司援建项目4项，投入帮扶资金300万元。", 2016, {("poverty_alleviation_investment", 2016, None, 300 * W)}),
    ("某县扶贫项目，投入帮扶资金300万元。", 2016, set()),
    # one campaign (专项行动) in an earlier clause, like one project: its giving, unless the year's whole is stated
    ("自2006年以来公司“温暖包”专项行动已持续10个年头，累计向社会捐赠价值逾5000万元，帮扶困难家庭近3万户。", 2016, set()),
    ("2016年开展“送温暖”专项行动，全年对外捐赠总额1,250万元。", 2016, {("donations", 2016, None, 1250 * W)}),
    ("2016年开展“送温暖”专项行动，投入扶贫资金120万元。", 2016, set()),
    # the programme's name and a total word, no spending noun
    ("2016年，公司精准扶贫合计88.5万元。主要包括：援助某村道路建设。", 2016,
     {("poverty_alleviation_investment", 2016, None, 88.5 * W)}),
    ("扶贫项目\t•\t某镇周边乡村新农村建设和扶贫支出875万元； •\t某县新农村扶贫500万元； •\t某村助农130万元；", 2016, set()),
    ("(1)\t2016年，企业参与慈善拍卖活动，通过竞拍捐赠善款818万元。\n(2)\t2016年，向灾区爱心捐赠，捐物价值共计21万元。", 2016,
     set()),
    ("(1)\t2016年，公司全年对外捐赠合计900万元。\n(2)\t向某小学捐赠10万元。", 2016, {("donations", 2016, None, 9000000)}),
    # ... but a list of key figures is no list of gifts
    ("•对外捐赠总额1777.74万元 •员工总数92556人 •女性中高层管理人员2512人", 2016,
     {("donations", 2016, None, 17777400), ("employees", 2016, None, 92556)}),
    ("公司向某县某村捐赠扶贫款20万元，用于道路硬化。", 2016, set()),
    ("本行向福建省扶贫基金会、扶贫开发协会捐赠扶贫资金20万元。", 2016, set()),
    ("据统计，2016年向社会捐助达38万余元，其中向慈善基金会捐赠20万元。", 2016, {("donations", 2016, None, 380000)}),
    ("公司904名党员共捐款15,595元。", 2016, set()),
    ("“慈善爱心卡”捐赠仪 式上，公司捐赠“爱心卡”价值3210万元。", 2016, set()),
    ("公司捐资13万元建设光伏项目；捐资50万元帮助建设养殖场。", 2016, set()),
    ("为凉山某乡捐赠了价值90余万元的教学设备。", 2016, set()),
    ("公司捐建一所希望小学，捐赠50万元。", 2016, set()),
    ("公司将捐助4万元用于培训中心建设。", 2016, set()),
    # the company counting the projects it funded: the money is all of theirs
    ("2016年，公司在两县援建项目4项，投入帮扶资金310万元。", 2016,
     {("poverty_alleviation_investment", 2016, None, 310 * W)}),
    ("2016年，公司开展某村饮水项目，投入帮扶资金50万元。", 2016, set()),
    # a recipient between the giving verb and its amount, or one purpose after it: one gift
    ("同时，捐助某县300万元，专项用于贫困户的大病保险购买。", 2016, set()),
    ("2016年公司捐助5万元用于该乡某村泵站更新。", 2016, set()),
    # ... or what it paid for, right after the amount
    ("在用地问题解决后，公司又捐资人民币60万元补足学校整体改扩建工程资金缺口。", 2016, set()),
    ("由公司捐赠700万元购置的40辆医疗车已投入使用。", 2016, set()),
    ("公司捐资80万元设立某某助学基金，资助贫困学生。", 2016, set()),
    ("2016年，公司对外捐赠900万元，设立、资助多个公益项目。", 2016, {("donations", 2016, None, 900 * W)}),
    ("2016年，公司对外捐赠1,334万元，用于扶贫、助学等公益事业。", 2016, {("donations", 2016, None, 1334 * W)}),
    ("全年捐赠款物1,200万元，主要用于扶贫和助学。", 2016, {("donations", 2016, None, 1200 * W)}),
    ("2016年捐赠价值达2,280万元善款，推广慈善超市爱心卡。", 2016, {("donations", 2016, None, 2280 * W)}),
    # the staff's or passengers' own money
    ("公司员工个人捐款9.785万元。", 2016, set()),
    ("2016年公司将机上爱心旅客捐赠的42万元善款交予某基金会。", 2016, set()),
    ("公司共有300名员工认捐贫困学生50人，合计捐款人民币12.5万元；", 2016, set()),
    ("公司组织员工捐赠衣物，全年对外捐赠120万元。", 2016, {("donations", 2016, None, 120 * W)}),
    ("员工共捐款80,000.50元，捐款面达90%。", 2016, set()),
    # a rate per head times the heads of one programme
    ("•资助某县贫困大学新生（人民币5000元/年）20人，合计捐款人民币10万元；", 2016, set()),
    ("公司资助贫困学生80名，每人每年3000元，全年捐款24万元。", 2016, set()),
    # one product's or project's sales, not the company's revenue
    ("该设备研发成功后，销售到某某公司，实现销售收入650万元。", 2016, set()),
    ("2016年公司实现销售收入36.5亿元。", 2016, {("revenue", 2016, None, 365_000 * W)}),
    # a bullet inside a line starts an item of its own sentence
    ("•支持民宿建设，帮助贫困户拥有经营平台； •完成扶贫捐赠1,350万元，支持易地搬迁。", 2016,
     {("poverty_alleviation_investment", 2016, None, 1350 * W)}),
]

# A figure that is not the company's own: money received, someone else's sales, people served.
NOT_THE_COMPANYS: list[Case] = [
    ("基金会成立时接受初始捐赠800万元。", 2016, set()),
    ("协助当地合作社销售茶叶，实现销售收入48.2万元。", 2016, set()),
    ("2020年，公司帮助建档立卡贫困户脱贫320户；举办劳务输出培训班，培训人数610人次。", 2020, set()),
    # rural people, residents and school children trained by the company are not its staff
    ("2016年，农村青年电商人才培训人数超过8万人次。", 2016, set()),
    ("2016年，为社区居民开展急救培训3200人次。", 2016, set()),
    ("志愿者为85位孤寡老人提供上门服务。", 2016, set()),
    ("出资1.92万元为782名女性员工参保。", 2016, set()),
    ("全年共救助困难职工333名、患特殊疾病女职工1名。", 2016, set()),
    ("2016年，志愿者协会新增志愿者148人。", 2016, set()),
    ("该计划与一家社会福利机构合作举办，培训了近1,000名小学调解员。", 2016, set()),
    # a company introduced as an investee (参股的, 联营公司) is the subject: its figures, not the company's
    ("2016年，本集团参股的华药控股继续加速整合。2016年，华药控股实现营业收入1,826.55亿元。本集团实现营业收入132.7亿元。",
     2016, {("revenue", 2016, None, 13_270_000_000)}),
    ("2016年，华药控股继续加速整合。2016年，华药控股实现营业收入1,826.55亿元。", 2016,
     {("revenue", 2016, None, 1826.55 * E)}),
    ("公司参股公司华能某某经营良好。2016年，公司实现营业收入52亿元。", 2016, {("revenue", 2016, None, 52 * E)}),
]

# Targets, plans, estimates, per-unit figures and thresholds are never reported values.
TARGETS_AND_UNITS: list[Case] = [
    # a measure's yearly rate (…吨/年) is no year's total
    ("本轮清洁生产节水2.5万吨/年，减少二氧化硫排放0.5吨/年。2016年公司减少二氧化硫排放12吨。", 2016,
     {("so2_reduction", 2016, None, 12)}),
    ("公司计划2021年研发投入达到15亿元。", 2020, set()),
    ("力争营业收入突破200亿元。", 2020, set()),
    ("经测算，项目每年可减少二氧化碳排放1.2万吨。", 2016, set()),
    ("在系统设计寿命内可替代标准煤750万吨，减排二氧化碳2,500万吨。", 2016, set()),
    ("人均培训时长42小时。", 2020, set()),
    ("每次培训时长2小时左右。", 2016, set()),
    ("公司吨钢综合能耗完成597.4kgce/t，同比降低3.8kgce/t。", 2016, set()),
    ("培训时长达24学时及以上的员工可获得证书。", 2020, set()),
    # a rate per month or an average year is no year's total
    ("公司月均用电量14.2万千瓦时。", 2016, set()),
    ("公司用电量从2010年的每月15.3万千瓦时减少至2016年的每月14.2万千瓦时。", 2016, set()),
    ("公司近五年年均捐赠1000万元。", 2016, set()),
    # what the company does each year in general is no one year's figure; the year's own figure is
    ("多年来，某公司不断发展，每年纳税5亿元。", 2016, set()),
    ("某公司每年向教育基金会捐赠300万元。2016年公司纳税1.2亿元。", 2016, {("taxes_paid", 2016, None, 1.2 * E)}),
    # a limit or plan, then the figure actually reached: the latter is the value
    ("2016年二氧化硫排放量低于4890吨，实际 4336吨；化学需氧量排放量低于300吨，实际243吨。", 2016,
     {("so2_emissions", 2016, None, 4336), ("cod_emissions", 2016, None, 243)}),
    ("公司计划投入环保资金500万元，实际投入620万元。", 2016, {("environmental_investment", 2016, None, 620 * W)}),
    ("公司万元产值综合能耗低于1.51吨标煤/万元，实际1.13吨标煤/万元。", 2016, {("energy_intensity", 2016, None, 1.13)}),
    ("公司环保投入620万元，实际使用率90%。", 2016, {("environmental_investment", 2016, None, 620 * W)}),
    # people the company acted on (慰问, 表彰) are not its staff; one outing's volunteers are no count
    ("公司慰问因患病造成生活困难的女职工41名。", 2016, set()),
    ("公司表彰优秀志愿者20名。", 2016, set()),
    ("2016年1月，公司青年志愿者一行11人走访社区。", 2016, set()),
    ("公司现有注册志愿者1,200名。", 2016, {("volunteers", 2016, None, 1200)}),
    ("2016年公司共培训骨干620人次。", 2016, set()),
    ("2016年公司共培训员工620人次。", 2016, {("trainees", 2016, None, 620)}),
    # those trained on site (or online) are one way of taking part, not all the trainees
    ("2016年，某学院组织集中培训20场，现场参训学员达860人次。", 2016, set()),
    ("2016年，公司组织集中培训20场，参训学员达860人次。", 2016, {("trainees", 2016, None, 860)}),
    # a semicolon ends a statement: a part named as an earlier statement's object is not this one's
    ("2016年，获得某项目立项2项；新增专利授权57项。", 2016, {("patents_granted", 2016, None, 57)}),
    ("2016年，公司总部组织培训30余次；组织视频培训4次，培训人数达1,200人次。", 2016, set()),
    ("某园区总用水量4.61万吨，与同期基本持平；总用电量634.9万度。", 2016, set()),
    ("下属某电厂：二氧化硫排放量120吨；氮氧化物排放量300吨。", 2016, set()),
    ("归属于母公司的净利润2.42亿元；截至12月底，资产总额107.9亿元。", 2016, {("total_assets", 2016, None, 107.9 * E)}),
    ("2016年，公司举办劳务输出培训班，培训人数945人次。", 2016, set()),
    # trading partners named after the count were the ones trained
    ("2016年共举办产品培训60场，参训人数3200人，提升了经销商的销售技能。", 2016, set()),
    ("公司全年开展技术培训90场次，培训人员5000余名，增强了合作伙伴的服务能力。", 2016, set()),
    ("2016年公司共培训员工5200人次，提升了员工的专业技能。", 2016, {("trainees", 2016, None, 5200)}),
    ("公司未来三年销售收入达到10亿元。", 2016, set()),
    ("公司在职员工(不含劳务派遣)8477人。", 2016, {("employees", 2016, None, 8477)}),
    # a topic framed before a giving label (在…方面的) narrows it; the whole domain does not
    ("2016年公司在教育事业方面的公益投入超过1000万元。", 2016, set()),
    ("2016年公司在社会公益方面的捐赠超过1000万元。", 2016, {("donations", 2016, None, 1000 * W)}),
    ("公司计划投入环保资金500万元，实际预计投入620万元。", 2016, set()),
]

# Outlook and index sections hold no results; a data table after an outlook is no part of it.
SECTIONS: list[Case] = [
    ("经营业绩\n\n2020年公司实现营业收入120亿元。\n\n未来展望\n\n2021年，公司营业收入将达到150亿元，研发投入6亿元。\n", 2020,
     {("revenue", 2020, None, 120 * E)}),
    ("五、2021年工作计划\n\n全年安全生产投入2.3亿元。\n", 2020, set()),
    ("指标索引\n\n营业收入 P12\n员工总数 P30\n", 2020, set()),
    ("展望2017\n\n公司将力争营业收入增长10%。\n\n关键绩效表\n指标\t单位\t2015 年\t2016 年\n员工总人数\t人\t57971\t54983\n", 2016,
     {("employees", 2016, None, 54983), ("employees", 2015, None, 57971)}),
    ("未来展望 关键绩效表 报告索引\n\n2016年公司实现营业收入80亿元。\n", 2016, {("revenue", 2016, None, 80 * E)}),
    # a designed page's row of two chapter tabs is no heading; a short word before a heading keeps it one
    ("获奖情况 意见反馈表\n员工构成\n2016年公司在职员工总数5,230人。\n", 2016, {("employees", 2016, None, 5230)}),
    ("附录 意见反馈表\n\n您认为报告中员工总数3人的披露是否清晰？\n", 2016, set()),
    ("行动计划生育服务\n\n全年对外捐赠800万元。\n", 2020, {("donations", 2020, None, 800 * W)}),
    # an index word among the last rows of a table of contents is an entry of it, not a section
    ("员工成长\t34\n回馈社会\t40\n未来，我们在路上\n指标索引\n关于某公司\n•营业收入30.5亿元。\n•纳税总额2.1亿元。\n", 2016,
     {("revenue", 2016, None, 30.5 * E), ("taxes_paid", 2016, None, 2.1 * E)}),
    ("指标索引\n营业收入\tP12\n员工总数\tP30\n", 2016, set()),
    # an outlook's words end at the next heading of their own, not only at a known one
    ("下一步计划\n\n•进一步完善员工培训体系\n•持续推进精准扶贫工作\n\n保障员工权益\n\n2016年，我们共有员工10485人，新增员工874人。\n", 2016,
     {("employees", 2016, None, 10485), ("new_hires", 2016, None, 874)}),
    # a section word qualifying a KPI's name (主要子公司在职员工 over its figure) labels a panel: no section
    ("主要子公司在职员工\n7215人\n生产人员 3120人\n员工总人数：12346人，培训人数11020人。\n全年安全投入约3,150万元。\n", 2016,
     {("employees", 2016, None, 12346), ("trainees", 2016, None, 11020), ("safety_investment", 2016, None, 3150 * W)}),
]

# Statements that a count was nil.
NIL_STATEMENTS: list[Case] = [
    ("2016年，公司未发生员工因工死亡事件。", 2016, {("work_fatalities", 2016, None, 0)}),
    ("全年实现了零死亡、零重伤。", 2016, {("work_fatalities", 2016, None, 0)}),
    ("公司坚持“零死亡”的安全理念。", 2016, set()),
    ("公司力争实现零死亡。", 2016, set()),
    ("2016年未发生重大安全事故。", 2016, set()),
    ("2016年，公司未发生员工因工死亡事件。全年因工死亡2人。", 2016, {("work_fatalities", 2016, None, 2)}),
    ("工亡人数（人）\t0\n", 2016, {("work_fatalities", 2016, None, 0)}),
    ("2.1 公司2016年无在职职工因工死亡。", 2016, {("work_fatalities", 2016, None, 0)}),
    ("截至年末，本行无员工发生因公死亡事故。", 2016, {("work_fatalities", 2016, None, 0)}),
    ("全公司继续保持“零”工亡记录，伤害率总体平稳。", 2016, {("work_fatalities", 2016, None, 0)}),
    ("2017年，公司将继续保持零工亡记录。", 2016, set()),
]

# Hong Kong, Taiwan and OCR texts: traditional characters and Chinese-digit years read as simplified.
TRADITIONAL: list[Case] = [
    ("二〇一九年，本集團僱員總數為12,345人。", 2019, {("employees", 2019, None, 12345)}),
    ("溫室氣體排放總量為5.6萬噸二氧化碳當量。", 2019, {("ghg_emissions", 2019, None, 56000)}),
    ("本年度對外捐款人民幣320萬元。", 2019, {("donations", 2019, None, 320 * W)}),
    ("減少二氧化碳排放1,200噸。", 2019, {("co2_reduction", 2019, None, 1200)}),
    # HK financial terms: 收益 is revenue, 年內溢利 the profit for the year, 除稅前溢利 profit before tax
    ("本集團收益為人民幣3,659.9百萬元，年內溢利為人民幣45.4百萬元。", 2019,
     {("revenue", 2019, None, 3659.9e6), ("net_profit", 2019, None, 45.4e6)}),
    ("除稅前溢利人民幣1,200百萬元，資產總值為人民幣560億元。", 2019,
     {("total_profit", 2019, None, 1200e6), ("total_assets", 2019, None, 560 * E)}),
    ("股東應佔年內溢利為人民幣30百萬元。", 2019, set()),
    ("2015財年，本集團員工培訓總時數為48,000小時。", 2016, {("training_hours", 2015, None, 48000)}),
    ("公司实现投资收益1.2亿元。", 2019, set()),
    # HKEX ESG Reporting Guide wording (A1.3, A2.1, B1.2, B2.1, B3.2, B8) in data tables
    ("指標\t單位\t2019年\t2018年\n所產生有害廢棄物總量\t噸\t3.6\t2.8\n", 2019,
     {("hazardous_waste", 2019, None, 3.6), ("hazardous_waste", 2018, None, 2.8)}),
    ("指標\t單位\t2019年\t2018年\n僱員流失比率\t%\t8.4\t9.3\n", 2019,
     {("employee_turnover_rate", 2019, None, 0.084), ("employee_turnover_rate", 2018, None, 0.093)}),
    ("指標\t單位\t2019年\t2018年\n因工亡故的人數\t人\t0\t1\n", 2019,
     {("work_fatalities", 2019, None, 0), ("work_fatalities", 2018, None, 1)}),
    ("指標\t單位\t2019年\t2018年\n受訓總時數\t小時\t12,480\t11,200\n每名僱員平均受訓時數\t小時\t16.5\t15.2\n", 2019,
     {("training_hours", 2019, None, 12480), ("training_hours", 2018, None, 11200)}),
    ("指標\t單位\t2019年\t2018年\n電力\t千個千瓦時\t2,345\t2,210\n", 2019,
     {("electricity_consumption", 2019, None, 2345000), ("electricity_consumption", 2018, None, 2210000)}),
    ("指標\t單位\t2019年\t2018年\n直接及間接能源總耗量\t噸標準煤\t1,850\t1,790\n", 2019,
     {("energy_consumption", 2019, None, 1850), ("energy_consumption", 2018, None, 1790)}),
    # energy in GJ stays GJ: the contract's tce is not converted without a stated factor
    ("指標\t單位\t2019年\t2018年\n能源總耗量\t千兆焦耳\t52,300\t50,100\n", 2019, set()),
    ("\t2019\t2018\n義工人數（人）\t320\t280\n義工服務時數（小時）\t2,560\t2,240\n", 2019,
     {("volunteers", 2019, None, 320), ("volunteers", 2018, None, 280)}),
    ("年內，本集團社區投資總額為人民幣86萬元。", 2019, {("donations", 2019, None, 86 * W)}),
    ("年內，本集團社區投資總額為港幣86萬元。", 2019, set()),
    ("本集團以社區投資回饋社會，於年內舉辦義工活動28次。", 2019, set()),
    # Hong Kong prose: 合共 (in all), unnamed 慈善機構 (all the charities), 概無 (none at all), last
    # year's figure in brackets dates nothing after it
    ("年內，本集團向慈善機構捐款合共人民幣36萬元。", 2019, {("donations", 2019, None, 36 * W)}),
    ("年內，本集團向某某基金會捐款人民幣36萬元。", 2019, set()),
    ("年內，本集團概無因工作關係而死亡的個案。", 2019, {("work_fatalities", 2019, None, 0)}),
    ("本集團並無發生因工亡故事故。", 2019, {("work_fatalities", 2019, None, 0)}),
    ("本集團員工接受培訓的總時數為18,600小時。", 2019, {("training_hours", 2019, None, 18600)}),
    ("平均每名僱員接受培訓的時數為16小時。", 2019, set()),
    ("本集團共有僱員2,140名（二零一八年：1,980名），其中女性僱員860名。", 2019,
     {("employees", 2019, None, 2140), ("employees", 2018, None, 1980), ("female_employees", 2019, None, 860)}),
    # 電力用量 names the electricity used; a gloss bracket whose halves differ in width (COD(化學需氧量）)
    ("2015年，本集團原煤用量為0.8萬噸，電力用量為9,870萬千瓦時，天然氣用量為1,200萬立方米。", 2015,
     {("electricity_consumption", 2015, None, 9870 * W)}),
    ("2015年，全年S〇2排放量為31噸，COD(化學需氧量） 排放量為135噸。", 2015,
     {("so2_emissions", 2015, None, 31), ("cod_emissions", 2015, None, 135)}),
    ("2015年，全年化學需氧量(COD）排放量為135噸。", 2015, {("cod_emissions", 2015, None, 135)}),
    # 共/累計 between the training word and the spending head, and a line break inside the label
    ("2016年，本公司員工\n培訓共投入人民幣3,250萬元；舉辦重點培訓項目。", 2016,
     {("training_investment", 2016, None, 3250 * W)}),
    ("2016年，本公司教育培訓累計投入860萬元。", 2016, {("training_investment", 2016, None, 860 * W)}),
    # a staff-count row under sex columns (| 男 | 女 | 30歲以下 …): the women's cell is the female staff
    ("2016年，本集團在崗員工總人數為3,315人。\n\t按性別分類\t\t按年齡分類\n\t男\t女\t30歲以下\t30歲以上\n"
     "員工人數\t2,310\t1,005\t820\t2,495\n流失員工人數\t37\t12\t25\t24\n", 2016,
     {("employees", 2016, None, 3315), ("female_employees", 2016, None, 1005)}),
    # ... not a group's row (新進員工人數), nor a header without the other sex
    ("\t男\t女\t合計\n新進員工人數\t210\t105\t315\n", 2016, {("new_hires", 2016, None, 315)}),
    ("\t女\t30歲以下\t30歲以上\n員工人數\t1,005\t820\t2,495\n", 2016, set()),
    # the women's share as a verb phrase with no noun for it (佔員工總數的, 佔); a share of a group is no
    # staff share
    ("本集團的女性僱員佔總僱員人數的45%。", 2016, {("female_employees_ratio", 2016, None, 0.45)}),
    ("2016年員工構成中，女員工佔 50.96%，殘疾員工佔0.36%。", 2016, {("female_employees_ratio", 2016, None, 0.5096)}),
    ("女員工佔管理人員總數的30%。", 2016, set()),
    # 硫氧化物 (SOx), the HKEX guide's name for the sulphur oxides
    ("本年度，本集團的硫氧化物排放量為2.1噸。", 2016, {("so2_emissions", 2016, None, 2.1)}),
    # 聘用 N 名新僱員 hires; 聘用 N 名僱員 is the staff employed
    ("年內，本集團聘用了456名新僱員。", 2016, {("new_hires", 2016, None, 456)}),
    ("截至年底，本集團共聘用3,456名僱員。", 2016, {("employees", 2016, None, 3456)}),
    ("於2016年12月31日，本集團僱用合共3,456名僱員。", 2016, {("employees", 2016, None, 3456)}),
    # the amount inside the phrase (產生…噸有害廢棄物); one project's, or what is left after treating it, is not
    ("本集團於年內共產生約45.6噸有害廢棄物。", 2016, {("hazardous_waste", 2016, None, 45.6)}),
    ("某項目產生了12噸危險廢物，全部交由持證單位處置。", 2016, set()),
    ("本集團共產生45.6噸有害廢棄物處理後的殘渣。", 2016, set()),
    # 錄得收益 (recorded revenue of), 除稅後溢利 (profit after tax); a gain named before 收益 is no revenue
    ("截至二零一六年十二月三十一日止年度，本集團錄得收益人民幣12,345百萬元，較去年增加5%。", 2016,
     {("revenue", 2016, None, 12345 * W * 100)}),
    ("本集團錄得出售附屬公司收益人民幣3百萬元。", 2016, set()),
    ("年內本集團的除稅後溢利為人民幣1.2億元。", 2016, {("net_profit", 2016, None, 1.2 * E)}),
]

# A label, a verb of change and an amount: the amount the figure moved, not the figure.
CHANGE_AMOUNTS: list[Case] = [
    # a change then the level reached (增加N至M) is no range: M is the figure, before or after the label
    ("员工人数增加300人至5,000人。", 2016, {("employees", 2016, None, 5000)}),
    ("首次面向顾客招募，增加义工人数732名至2,446 人。", 2016, {("volunteers", 2016, None, 2446)}),
    ("招聘员工300至500人。", 2016, set()),
    # a change verb right before the label: the number is how much the figure moved, not the figure; a
    # heading that ends with such a verb on the line above is no part of the statement
    ("因搬迁清理厂区，增加危险废物处理量320.5吨。", 2016, set()),
    ("减少用水量1.2万吨。", 2016, set()),
    ("经营数据持续提高\n\n总资产651.5亿元，净资产93.5亿元。", 2016, {("total_assets", 2016, None, 651.5 * E)}),
    # 从上市之初的 A 增长到 B: a starting point without a year, then the figure reached
    ("截至2016年12月31日，公司总资产从上市之初的6.73亿元增长到49.56亿元。", 2016, {("total_assets", 2016, None, 49.56 * E)}),
    ("某公司總耗水量下降約1.2萬立方米。", 2019, set()),
    ("溫室氣體排放量同比減少3,400噸。", 2019, set()),
    ("员工人数较上年增加230人。", 2019, set()),
    ("员工人数增加至4,560人。", 2019, {("employees", 2019, None, 4560)}),
    ("总耗水量同比下降5%，为38万立方米。", 2019, {("water_consumption", 2019, None, 380000)}),
    # 上涨 / 下跌 are change verbs like 增长 / 下降: stepped over to the level, never the figure
    ("本年度参与培训人次大幅上涨，达到5,480人次。", 2019, {("trainees", 2019, None, 5480)}),
    ("员工人数较上年上涨120人。", 2019, set()),
    # a wrapped line splits 年 and 度 of a range of years: still 2014, 2015 and 2016
    ("2014年 度至2016年度，公司納税總額分別為人民幣1.2億元， 1.5億元，1.9億元。", 2016,
     {("taxes_paid", 2014, None, 1.2 * E), ("taxes_paid", 2015, None, 1.5 * E), ("taxes_paid", 2016, None, 1.9 * E)}),
]

# OCR and conversion damage that must not become a value.
DAMAGE: list[Case] = [
    # a text dump's tab between a number and its unit inside a sentence (…约51.26<TAB>亿元，同比)
    ("2016年度，本公司实现营业收入约51.26\t亿元，同比\n增长约3.1%。", 2016, {("revenue", 2016, None, 51.26 * E)}),
    ("营业收入\t51.26\t亿元\n", 2016, set()),  # a table row's unit cell stays a cell
    # a space inside a qualifier word (超 过): the rounded count agrees with the exact one, which wins
    ("公司员工总数超 过5,000人。截至2016年末，公司共有正式员工5,218人。", 2016, {("employees", 2016, None, 5218)}),
    # a year with a space inside it, or its leading 2 lost, still dates the figure after it
    ("2 015年公司员工总数3,100人，201 6年员工总数3,200人。", 2016,
     {("employees", 2015, None, 3100), ("employees", 2016, None, 3200)}),
    ("自？015年起开展助学活动。？015年，公司对外捐赠120万元。", 2016, {("donations", 2015, None, 120 * W)}),
    # 千克 printed 干克 in an emission table
    ("指标\t单位\t2016年\n二氧化硫排放量\t干克\t8,520\n", 2016, {("so2_emissions", 2016, None, 8.52)}),
    ("耗水量（吨） 48120 45230 37810 氮氧化物排放量（吨） 0.3800 0.1620", 2016, set()),
    ("指标 2014年 2015年 2016年\n女性员工比例 % 49. 92 48. 86 51. 13\n", 2016, set()),
    ("指标 2016年 2015年 2014年\nCOD排放量 吨 332. 6 349. 67 244.6\n", 2016, set()),
    # OCR's 干 for 千 in power units, 媒 for 煤 in coal units and 〇 for the O of COD
    ("2020年，公司外购电力1,250万干瓦时。", 2020, {("electricity_consumption", 2020, None, 1250 * W * 1)}),
    # a saving whose 节约 the line wrap split (每月节 | 约用电): the negative cue still counts
    ("2020年，某宾馆将客房走廊的卤素灯更换为LED灯，每月节\n约用电约3,000千瓦时。", 2020, set()),
    # 干 for 千 in the thousand-prefixed units of an appendix table (干干瓦时 = 千千瓦时 = MWh)
    ("指标名称\t单位\t2019\t2020\n用电量\t干干瓦时\t3,410.5\t3,520.0\n", 2020,
     {("electricity_consumption", 2019, None, 3410500), ("electricity_consumption", 2020, None, 3520000)}),
    # 标准煤/万元 printed without its 吨
    ("指标名称\t单位\t2019\t2020\n万元营业收入综合能耗\t标准煤/万元\t0.61\t0.58\n", 2020,
     {("energy_intensity", 2019, None, 0.61), ("energy_intensity", 2020, None, 0.58)}),
    ("2020年，公司综合能耗8,600吨标准媒。", 2020, {("energy_consumption", 2020, None, 8600)}),
    ("指标名称\t2020年绩效\nC〇D排放量（吨）\t21.5\n", 2020, {("cod_emissions", 2020, None, 21.5)}),
    ("排放物种类\t数值\nS〇2排放量（吨)\t512. 30\nN〇x排放量（吨）\t1,204.5\n", 2016,
     {("so2_emissions", 2016, None, 512.3), ("nox_emissions", 2016, None, 1204.5)}),
    # 俳 for 排 in the emission words
    ("环境绩效指标\t2014\t2015\t2016\n温室气体俳放量（吨）\t52,410\t50,980\t49,120\n", 2016,
     {("ghg_emissions", 2014, None, 52410), ("ghg_emissions", 2015, None, 50980),
      ("ghg_emissions", 2016, None, 49120)}),
    # a stray digit at the start of a garbled table header (a row mark, then the year columns) is no value
    ("下属企业废渣、温室气体排放情况\n废渣排放量（吨）\t三废综合利用率\t温室气体排放量（吨)\n"
     "1\t企#\t1\t2014\t2015\t2016\t2014\t2015\t2016\n某某机械有限公司\t2,227.3\t2,326.3\t1,909.3\t96.18%\t91.74%\n",
     2016, set()),
    # a space OCR put after a decimal point in running text: one number when a unit word follows
    ("2016年，公司公益捐赠合计63. 18万元。", 2016, {("donations", 2016, None, 63.18 * W)}),
    ("2016年，公司公益捐赠合计63. 18，较上年增加。", 2016, set()),
    ("2016年公司安全生产费用投入3, 000多万元。", 2016, {("safety_investment", 2016, None, 3000 * W)}),
    ("净利润（单位：亿元） 08\n", 2016, set()),
    ("1.总耗水量（吨） 2.废水排放量(吨）\n", 2016, set()),
    # tax payable and sums over recent years are no year's taxes paid
    ("项目\t2015年\t2016年\n应缴税款（亿元）\t42.5\t58.7\n", 2016, set()),
    ("近三年公司上缴税费总额\t10.5亿元\n", 2016, set()),
    # a percent sign drawn as 。/。 or °/。, and a glyph lost as ? inside a word (no sentence end)
    ("公司在岗职工3,800人。其中，女性员工1,520人，占比40.0。/。；", 2016,
     {("employees", 2016, None, 3800), ("female_employees", 2016, None, 1520), ("female_employees_ratio", 2016, None, 0.4)}),
    ("其中女员工占比46.8°/。，境外员工占比3.9°/。。", 2016, {("female_employees_ratio", 2016, None, 0.468)}),
    ("“十三五”期间，公司累计上缴?费12亿元，对外捐赠1.5亿元。", 2020, {("donations", 2020, 2016, 1.5 * E)}),
    # 〇 for 0 right after a thousands separator or decimal point (4,〇23; 2,427.〇6)
    ("2016年員工總數為3,〇52人。", 2016, {("employees", 2016, None, 3052)}),
    ("指标\t2015\t2016\n总资产（亿元）\t1,325.〇6\t1,402.18\n", 2016,
     {("total_assets", 2015, None, 1325.06 * E), ("total_assets", 2016, None, 1402.18 * E)}),
    # a bare pollutant name over one figure captioned as a cut (年減排…) is no emission: only the cuts
    ("年減排二氧化碳7,408.31萬噸\ncod 168.04 萬噸\n年減排化學需氧量(COD) 168.04萬噸\n", 2016,
     {("co2_reduction", 2016, None, 7408.31 * W), ("cod_reduction", 2016, None, 168.04 * W)}),
]

# Numbers read from short text tables (test_tables.py has the full grid model).
TEXT_TABLES: list[Case] = [
    # a one-value row that prints its change against last year after the value (与上年同期 -1.8%)
    ("二氧化硫 335.12 吨 与上年同期 -1.82%\n", 2016, {("so2_emissions", 2016, None, 335.12)}),
    ("氮氧化物 120.5 吨 同比-3.5%\n", 2016, {("nox_emissions", 2016, None, 120.5)}),
    # a text dump shifted a row's tabs (a blank header cell before the first year): cells go to the years in order
    ("指标\t主要数据\t\t2015 年\t\t2016 年\n经济 绩效\t总资产（亿元）\t4,406.5\t\t\t5,298.5\n"
     "\t员工人数（人）\t4,938\t\t\t5,047\n", 2016,
     {("total_assets", 2015, None, 4406.5 * E), ("total_assets", 2016, None, 5298.5 * E),
      ("employees", 2015, None, 4938), ("employees", 2016, None, 5047)}),
    # a title naming one part of the company over the table (开发区…, 公司本部…): its rows are that part's
    ("开发区主要经济指标\n指标名称\t单位\t2016\t2015\n营业收入\t亿元\t1250\t1180\n税金总额\t亿元\t60\t55\n", 2016, set()),
    ("公司本部近年研发投入\n项目\t2015 年\t2016 年\n研发投入（万元）\t820.5\t850.5\n", 2016, set()),
    # a footnote mark after a header year (2016 年 1); 培训费用总投入
    ("\t2015 年\t2016 年 1\n全年碳排放量（吨）\t2,500.5\t2,400.5\n员工培训费用总投入（万元）\t35.5\t40.5\n", 2016,
     {("ghg_emissions", 2015, None, 2500.5), ("ghg_emissions", 2016, None, 2400.5),
      ("training_investment", 2015, None, 35.5 * W), ("training_investment", 2016, None, 40.5 * W)}),
    # one column's unit in an earlier table's header (每股派息（单位：元）) is not the next table's unit
    ("股票名称\t证交所\t股票代码\t每股派息（单位：元）\t每股收益（单位：元）\n"
     "某某股份\t某交易所\t600000.SH\t0.0430\t0.2000\n\t\t\t\t\n"
     "2014-2016年专利申请及获得授权\t\t\t项\n\t2014\t2015\t2016\n新申请专利\t171\t168\t256\n新获得授权专利\t120\t130\t140\n",
     2016, {("patent_applications", 2014, None, 171), ("patent_applications", 2015, None, 168),
            ("patent_applications", 2016, None, 256), ("patents_granted", 2014, None, 120),
            ("patents_granted", 2015, None, 130), ("patents_granted", 2016, None, 140)}),
    # a bilingual table: the English name after the Chinese one in the label and year cells is left out
    ("指标  Indicators\t2016 年  Year 2016\t2015 年  Year 2015\n"
     "纳税额（万元）  Tax paid (ten thousand CNY)\t2,207.3\t1,963.6\n"
     "志愿者人数（人）  Quantity of volunteers (person)\t482\t460\n", 2016,
     {("taxes_paid", 2016, None, 2207.3 * W), ("taxes_paid", 2015, None, 1963.6 * W),
      ("volunteers", 2016, None, 482), ("volunteers", 2015, None, 460)}),
    # HKEX-style relative columns: 去年累计完成值 | 本年累计完成值 (last year's, this year's completed figures)
    ("\t排放物及能源种类\t去年累计 完成值\t本年累计 完成值\t环境及 天然资源\n"
     "温室气体排放总量（吨）\tCO2\t1,250.5\t1,310.0\t--\n", 2016,
     {("ghg_emissions", 2015, None, 1250.5), ("ghg_emissions", 2016, None, 1310.0)}),
    # 立方 (cubic metres) in a unit bracket
    ("指标\t2016\t2015\n耗水量（立方）\t113,948\t22,694\n", 2016,
     {("water_consumption", 2016, None, 113948), ("water_consumption", 2015, None, 22694)}),
    # the cell's own unit names the KPI when the row label's cannot hold it (kpis.yaml by_unit)
    ("项目\t2015年度\t2016年度\n培训总人时数\t4,800人次\t5,200人次\n", 2016,
     {("trainees", 2015, None, 4800), ("trainees", 2016, None, 5200)}),
    ("项目\t2015年度\t2016年度\n培训总人时数（小时）\t4,800\t5,200\n", 2016,
     {("training_hours", 2015, None, 4800), ("training_hours", 2016, None, 5200)}),
    ("成立时间\t1990 年\n集团员工人数\t45,960 人（截至 2009 年 12 月 31 日）\n", 2009, {("employees", 2009, None, 45960)}),
    ("关键绩效\n指标 2021 年 2020 年 2019 年\n营业收入（亿元） 52.3 47.1 40.8\n纳税总额（亿元） 3.1 2.9 2.6\n", 2021,
     {("revenue", 2021, None, 52.3 * E), ("revenue", 2020, None, 47.1 * E), ("revenue", 2019, None, 40.8 * E),
      ("taxes_paid", 2021, None, 3.1 * E), ("taxes_paid", 2020, None, 2.9 * E), ("taxes_paid", 2019, None, 2.6 * E)}),
    ("项目 2020年 2019年 单位\n资产总额 1,200 1,050 亿元\n", 2020,
     {("total_assets", 2020, None, 1200 * E), ("total_assets", 2019, None, 1050 * E)}),
    ("2020年 2019年\n营业收入（亿元） 12.1 - \n", 2020, {("revenue", 2020, None, 12.1 * E)}),
    ("指标 2016年 2015年\n营业收入（亿元） 52.3 47.1 11.0%\n", 2016,
     {("revenue", 2016, None, 52.3 * E), ("revenue", 2015, None, 47.1 * E)}),
    ("主要会计指标\t\t\t单位：人民币元\n项目\t本报告期\t上年同期\t本期比上年同期增减（%）\n营业收入\t6,987,110,276.27\t6,221,122,120.34\t12.31\n", 2016,
     {("revenue", 2016, None, 6987110276.27), ("revenue", 2015, None, 6221122120.34)}),
    ("电（万千瓦时） 41502.56\n", 2021, {("electricity_consumption", 2021, None, 415025600)}),
    # an amount per year (吨/年, 千瓦时/年) in a year's column is that year's amount
    ("项目\t2015年度\t2016年度\n总耗电量（单位：千瓦时/年）\t1,234,500\t1,305,200\nCOD排放量（吨/年）\t41\t38\n", 2016,
     {("electricity_consumption", 2015, None, 1234500), ("electricity_consumption", 2016, None, 1305200),
      ("cod_emissions", 2015, None, 41), ("cod_emissions", 2016, None, 38)}),
    # a note, then the unit, in one bracket; NH3-N names ammonia nitrogen
    ("项目\t2015年度\t2016年度\n研发支出（含资本化开支，单位：亿元）\t3.2\t4.1\nNH3-N排放量（吨）\t5.6\t6.1\n", 2016,
     {("rd_investment", 2015, None, 3.2 * E), ("rd_investment", 2016, None, 4.1 * E),
      ("ammonia_nitrogen_emissions", 2015, None, 5.6), ("ammonia_nitrogen_emissions", 2016, None, 6.1)}),
    # a mass of coal equivalent (折合成标煤, 折标准煤) is in tonnes of coal equivalent
    ("项目\t2015年度\t2016年度\n综合能耗（折合成标煤）（单位：千克/年）\t52,100,000\t49,800,000\n", 2016,
     {("energy_consumption", 2015, None, 52100), ("energy_consumption", 2016, None, 49800)}),
    ("项目\t2015年度\t2016年度\n综合能耗（折标准煤，吨）\t1,234\t1,300\n", 2016,
     {("energy_consumption", 2015, None, 1234), ("energy_consumption", 2016, None, 1300)}),
    # 单位： opens a unit: no 单位 (per unit) intensity cue; 单位用水量 still is one
    ("项目\t2015年度\t2016年度\n用水量（单位：立方米）\t52,100\t49,800\n", 2016,
     {("water_consumption", 2015, None, 52100), ("water_consumption", 2016, None, 49800)}),
    ("项目\t2015年度\t2016年度\n单位产品用水量（立方米）\t1.2\t1.1\n", 2016, set()),
    # fresh water named 新水; per tonne of steel it is an intensity
    ("\t单位\t2015 年\t2016 年\n耗新水总量\t万吨\t1,210\t1,180\n吨钢耗新水\t吨/吨\t3.9\t3.7\n", 2016,
     {("water_consumption", 2015, None, 1210 * W), ("water_consumption", 2016, None, 1180 * W)}),
    ("2016年公司新水消耗量860万立方米。", 2016, {("water_consumption", 2016, None, 860 * W)}),
    ("培训指标\t\t单位\t2015\t2016\n培训总支出金额\t\t数值（万元）\t420\t455\n", 2016,
     {("training_investment", 2015, None, 420 * W), ("training_investment", 2016, None, 455 * W)}),
    # a staff count titled above its breakdown (按…划分的员工总数) gives its 合计 row
    (">公司按年龄组别划分的员工总数\n\n年龄段\t2016年人数（人）\n35岁及以下\t1,200\n36岁及以上\t2, 345\n合计\t3, 545\n",
     2016, {("employees", 2016, None, 3545)}),
    # a group cell naming a part (高层管理者, 新进) makes the row one group's figure; the whole's row is read
    ("培训指标\t\t单位\t2015\t2016\n高层管理者的培训\t人数\t人\t120\t130\n\t培训总时数\t小时\t3,200\t3,400\n"
     "除高层管理者以外员工的培训（包括新进\t人数\t人\t5,000\t5,100\n员工）\t培训总时数\t小时\t150,000\t160,000\n"
     "培训总时数\t\t小时\t153,200\t163,400\n", 2016,
     {("training_hours", 2015, None, 153200), ("training_hours", 2016, None, 163400)}),
    # ... but a row label over an empty cell and a unit is no group
    ("指标\t\t单位\t2015\t2016\n高管中女性比例\t\t%\t11.0\t12.0\n\t员工培训投入\t万元\t2,600\t3,000\n", 2016,
     {("training_investment", 2015, None, 2600 * W), ("training_investment", 2016, None, 3000 * W)}),
    # a title naming a part (健康安全) over a table of years as rows narrows its columns
    ("某集团健康安全主要绩效情况\n年份\t员工总人数\t培训总时长（小时）\n2015\t5,100\t21,000\n2016\t5,300\t23,000\n", 2016,
     {("employees", 2015, None, 5100), ("employees", 2016, None, 5300)}),
]

GROUPS: dict[str, list[Case]] = {
    "label grammar": LABEL_GRAMMAR,
    "inserted words": INSERTED_WORDS,
    "elliptical parts": ELLIPTICAL_PARTS,
    "word order": WORD_ORDER,
    "amount then purpose": AMOUNT_THEN_PURPOSE,
    "negative cues": NEGATIVE_CUES,
    "implausible": IMPLAUSIBLE,
    "layouts": LAYOUTS,
    "years and periods": YEARS_AND_PERIODS,
    "scope": SCOPE,
    "parts": PARTS,
    "gifts": GIFTS,
    "not the company's": NOT_THE_COMPANYS,
    "targets and units": TARGETS_AND_UNITS,
    "sections": SECTIONS,
    "nil statements": NIL_STATEMENTS,
    "traditional": TRADITIONAL,
    "change amounts": CHANGE_AMOUNTS,
    "damage": DAMAGE,
    "text tables": TEXT_TABLES,
}


def _cases() -> list[object]:
    return [
        pytest.param(text, year, rows, id=f"{group}: {text[:30]}".replace("\n", "/").replace("\t", " "))
        for group, cases in GROUPS.items()
        for text, year, rows in cases
    ]


@pytest.mark.parametrize(("text", "year", "rows"), _cases())
def test_snippet(text: str, year: int, rows: set[Row]) -> None:
    """``text`` gives exactly ``rows``: each (kpi, year, period_start, value), and nothing else."""
    got = keys_of(text, year)
    want = {(k, y, p, round(float(v), 6)) for k, y, p, v in rows}
    assert got == want, f"missing {sorted(want - got)}; unexpected {sorted(got - want)}"


def test_change_yoy_and_qualifier() -> None:
    (row,) = [r for r in rows_of("本年度研发投入8.9亿元，同比增长12.5%。", 2019) if r.kpi_id == "rd_investment"]
    assert row.change_yoy == pytest.approx(0.125)
    (row,) = [r for r in rows_of("营业收入下降至40亿元，同比下降8%。", 2020) if r.kpi_id == "revenue"]
    assert row.change_yoy == pytest.approx(-0.08)
    (row,) = [r for r in rows_of("营业收入6.3亿元，同比上涨9%。", 2020) if r.kpi_id == "revenue"]
    assert row.change_yoy == pytest.approx(0.09)
    (row,) = rows_of("全年对外捐赠超过1,200万元。", 2020)
    assert row.qualifier == "more_than" and row.raw == "超过1,200万元"


def test_every_row_carries_evidence_containing_its_raw() -> None:
    text = "".join(t for group in (LABEL_GRAMMAR, LAYOUTS, TEXT_TABLES, YEARS_AND_PERIODS) for t, *_ in group)
    rows = rows_of(text, 2020)
    assert rows
    for r in rows:
        assert r.raw in r.evidence, (r.raw, r.evidence)


def test_table_cell_wins_over_passing_mention_and_conflicts_are_warned() -> None:
    from csr_extract.candidates import find_page_candidates
    from csr_extract.document import Page
    from csr_extract.resolve import resolve

    text = (
        "指标 2020 年 2019 年\n营业收入（亿元） 52.3 47.1\n\n"
        "2020年公司实现营业收入52.3亿元。\n\n本年营业收入约58亿元。"
    )
    rows, warnings = resolve(find_page_candidates(Page(0, text), 2020), 2020)
    (rev,) = [r for r in rows if r.kpi_id == "revenue" and r.year == 2020]
    assert rev.method == "table" and rev.value == pytest.approx(52.3 * E)
    assert rev.confidence > 0.95  # two agreeing mentions
    # 约58亿元 rounds 57.5-58.5亿: no reading of 52.3 (约50亿元 would be one, within rounding)
    assert any("revenue 2020" in w and "58亿元" in w for w in warnings)


def test_min_confidence_filters_partial_scope_values() -> None:
    text = "所属华东分公司实现营业收入12亿元。"
    assert not rows_of(text, 2020)
    low = rows_of(text, 2020, min_confidence=0.0)
    assert low and low[0].confidence < 0.5



def test_own_company_named_in_full_is_not_another_company() -> None:
    from csr_extract.candidates import find_page_candidates
    from csr_extract.document import Page
    from csr_extract.resolve import resolve

    text = "蓝海电路股份有限公司2021年实现营业收入139.42亿元。"
    own = ("蓝海电路股份有限公司",)
    rows, _ = resolve(find_page_candidates(Page(0, text), 2021, own), 2021, 0.5)
    assert [r.kpi_id for r in rows] == ["revenue"]
    rows, _ = resolve(find_page_candidates(Page(0, text), 2021, ("别的集团",)), 2021, 0.5)
    assert rows == []


@pytest.mark.parametrize(
    ("text", "kpis"),
    [
        pytest.param("2016年，恒融湘江银行组织开展助学行动，捐资人民币320万元。", [], id="brand + place + bank: a member"),
        pytest.param("恒融证券全年实现营业收入12亿元。", [], id="brand + 证券: a member"),
        pytest.param("2016年，恒融公司对外捐赠260万元。", ["donations"], id="brand + 公司: the company"),
        pytest.param("2016年，恒融积极开展公益活动，对外捐赠280万元。", ["donations"], id="the brand alone"),
        pytest.param("2016年，中国银行向公司提供授信，公司对外捐赠150万元。", ["donations"], id="中国 is no brand"),
        pytest.param("2016年，恒融集团和各子公司为公益事业捐款68万元。", ["donations"], id="the group and its units"),
        pytest.param("2016年度，恒融资产及各子公司捐赠金额共计102万元。", ["donations"], id="the company and its units"),
    ],
)
def test_a_member_named_by_a_short_name_is_a_part(text: str, kpis: list[str]) -> None:
    """A subject made of the group's brand, more words and a company ending (某某湘江银行 in
    中国某某资产管理股份有限公司's report) is a member company: its figures are not the group's."""
    from csr_extract.candidates import find_page_candidates
    from csr_extract.document import Page
    from csr_extract.resolve import resolve

    own = ("中国恒融资产管理股份有限公司",)
    rows, _ = resolve(find_page_candidates(Page(0, text), 2016, own), 2016, 0.5)
    assert [r.kpi_id for r in rows] == kpis



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("本公司坚持以人为本，关爱员工成长。", False, id="no KPI word"),
        pytest.param("2020年营业收入120亿元。", True, id="alias"),
        pytest.param("电（万千瓦时） 2,350.5", True, id="exact label leading a row"),
        pytest.param("电力行业发展迅速", False, id="exact label in prose"),
        pytest.param("员工性别结构", True, id="breakdown heading"),
    ],
)
def test_pages_without_kpi_words_are_skipped(text: str, expected: bool) -> None:
    from csr_extract.candidates import may_hold_kpis

    assert may_hold_kpis(text) is expected



def test_pages_are_read_as_a_stream_and_released() -> None:
    """find_candidates holds at most the page before, the page and the page after: a long report's
    memory does not grow with its page count."""
    import weakref

    from csr_extract.candidates import find_candidates
    from csr_extract.document import Page

    refs: list[weakref.ref[Page]] = []
    most = 0

    def pages() -> object:
        nonlocal most
        for n in range(1, 60):
            page = Page(n, f"第{n}页\n2020年公司实现营业收入{n}亿元。\n")
            refs.append(weakref.ref(page))
            most = max(most, sum(1 for r in refs if r() is not None))
            yield page

    found = find_candidates(pages(), 2020)  # type: ignore[arg-type]
    assert len(found) == 59
    assert most <= 4


def _purpose_examples() -> list[object]:
    from csr_extract.candidates.purposes import purposes

    return [
        pytest.param(p.kpi, text, kind, id=f"{p.kpi} {kind}: {text}")
        for p in purposes().purposes
        for kind, texts in (("must", p.must), ("must_not", p.must_not))
        for text in texts
    ]


@pytest.mark.parametrize(("kpi", "text", "kind"), _purpose_examples())
def test_purpose_examples(kpi: str, text: str, kind: str) -> None:
    """Every example of data/purposes.yaml: a ``must`` sentence gives its amount as the KPI (by the
    purpose rule), a ``must_not`` one gives no value of the KPI."""
    rows = [r for r in rows_of(text, 2016) if r.kpi_id == kpi]
    if kind == "must":
        assert len(rows) == 1 and "prose.purpose" in rows[0].trace, rows
    else:
        assert not rows, rows
